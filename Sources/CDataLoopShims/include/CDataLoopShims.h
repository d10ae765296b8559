#ifndef BASEBOOK_CDATALOOPSHIMS_H
#define BASEBOOK_CDATALOOPSHIMS_H

// hiredis ships its libuv adapter as static functions in a header, which Swift
// cannot reach through a system module; this exposes it as a plain function.
// The parameters are untyped so this header does not re-declare hiredis' and
// libuv's types in a second Clang module (Swift would see them as different types).

/// Attaches a redisAsyncContext (first argument) to a uv_loop_t (second).
/// Returns 0 (REDIS_OK) on success, -1 (REDIS_ERR) otherwise.
int basebook_redis_libuv_attach(void *async_context, void *loop);

#endif
