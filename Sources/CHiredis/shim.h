#ifndef BASEBOOK_CHIREDIS_SHIM_H
#define BASEBOOK_CHIREDIS_SHIM_H
// The hiredis/ prefix works with both the 0.14 pkg-config layout (-I.../hiredis)
// and 1.x (-I/usr/include), because /usr/include is always searched.
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#endif
