// The code-set model and writer live in the core (core/include/medcode/model.h) so that
// the browser can also build a code set, e.g. from a licensed user's CPT descriptor file.
#pragma once
#include "medcode/model.h"
