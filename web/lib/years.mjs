// The year of a code set in force on a date of service. A code set may hold several years
// (info.years, oldest first: ICD-10-CM FY2026 and FY2027); the engine answers for the year
// in force on the date, and the page, the component and the API name that year. Loads no wasm.

/**
 * The year of `info.years` in force on an ISO date: { year, label, effectiveFrom, effectiveTo,
 * outside } (outside: no year covers the date, so the nearest is given; no date: the newest).
 * null for a code set of one year.
 */
export function yearInForce(info, date) {
  const years = info && Array.isArray(info.years) && info.years.length ? info.years : null;
  if (!years) return null;
  if (!date) return { ...years[years.length - 1], outside: false };
  const hit = years.find((y) => y.effectiveFrom <= date && date <= y.effectiveTo);
  if (hit) return { ...hit, outside: false };
  return { ...(date < years[0].effectiveFrom ? years[0] : years[years.length - 1]), outside: true };
}
