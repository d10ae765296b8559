#ifndef BASEBOOK_CLIBUV_SHIM_H
#define BASEBOOK_CLIBUV_SHIM_H
#include <uv.h>
#endif
