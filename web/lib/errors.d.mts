// TypeScript declarations for errors.mjs: MedcodeError and the error codes, without the
// engine (the same objects medcode.mjs re-exports).
export { ERROR_CODES, MedcodeError } from './medcode.mjs';
export type { ErrorCode } from './medcode.mjs';
