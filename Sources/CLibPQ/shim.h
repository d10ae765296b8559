#ifndef BASEBOOK_CLIBPQ_SHIM_H
#define BASEBOOK_CLIBPQ_SHIM_H
// pkg-config (libpq) puts the PostgreSQL include directory on the search path.
#include <libpq-fe.h>
#endif
