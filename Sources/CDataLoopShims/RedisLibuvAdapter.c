#include "CDataLoopShims.h"
#include <hiredis/adapters/libuv.h>

// hiredis' adapter (0.14) returns early when libuv reports a poll error. libuv reports a
// socket error (POLLERR, e.g. a refused connect or a reset) that way and stops the handle,
// so hiredis never learns of it and a refused connect would wait for our connect timeout.
// These hooks keep the adapter's state and handle but hand errors to hiredis, which reads
// the socket error itself and fails the connect or disconnects.
static void basebook_redis_poll(uv_poll_t *handle, int status, int events) {
    redisLibuvEvents *p = (redisLibuvEvents *)handle->data;
    if (p->context == NULL) {
        return;
    }
    if (status != 0) {
        if (p->context->c.flags & REDIS_CONNECTED) {
            redisAsyncHandleRead(p->context);
        } else {
            redisAsyncHandleWrite(p->context);
        }
        return;
    }
    // The context may be freed by the read (p->context is then NULL; p lives until uv_close ends).
    if (p->context != NULL && (events & UV_READABLE)) {
        redisAsyncHandleRead(p->context);
    }
    if (p->context != NULL && (events & UV_WRITABLE)) {
        redisAsyncHandleWrite(p->context);
    }
}

static void basebook_redis_update(redisLibuvEvents *p) {
    if (p->events) {
        uv_poll_start(&p->handle, p->events, basebook_redis_poll);
    } else {
        uv_poll_stop(&p->handle);
    }
}

static void basebook_redis_add_read(void *privdata) {
    redisLibuvEvents *p = (redisLibuvEvents *)privdata;
    p->events |= UV_READABLE;
    basebook_redis_update(p);
}

static void basebook_redis_del_read(void *privdata) {
    redisLibuvEvents *p = (redisLibuvEvents *)privdata;
    p->events &= ~UV_READABLE;
    basebook_redis_update(p);
}

static void basebook_redis_add_write(void *privdata) {
    redisLibuvEvents *p = (redisLibuvEvents *)privdata;
    p->events |= UV_WRITABLE;
    basebook_redis_update(p);
}

static void basebook_redis_del_write(void *privdata) {
    redisLibuvEvents *p = (redisLibuvEvents *)privdata;
    p->events &= ~UV_WRITABLE;
    basebook_redis_update(p);
}

int basebook_redis_libuv_attach(void *async_context, void *loop) {
    redisAsyncContext *ac = (redisAsyncContext *)async_context;
    if (redisLibuvAttach(ac, (uv_loop_t *)loop) != REDIS_OK) {
        // On a failed uv_poll_init the adapter leaves its hooks set without state: unset them
        // so freeing the context does not call them.
        if (ac->ev.data == NULL) {
            ac->ev.addRead = NULL;
            ac->ev.delRead = NULL;
            ac->ev.addWrite = NULL;
            ac->ev.delWrite = NULL;
            ac->ev.cleanup = NULL;
        }
        return REDIS_ERR;
    }
    ac->ev.addRead = basebook_redis_add_read;
    ac->ev.delRead = basebook_redis_del_read;
    ac->ev.addWrite = basebook_redis_add_write;
    ac->ev.delWrite = basebook_redis_del_write;
    return REDIS_OK;
}
