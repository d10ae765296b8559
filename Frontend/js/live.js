// One WebSocket to the backend for the whole app. Views subscribe to channels with a handler;
// the socket reconnects with exponential backoff (and jitter, so a restarted backend is not hit
// by every browser at once) and resubscribes to every channel still wanted.

const PING_EVERY_MS = 25_000;
const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 15_000;

export class LiveFeed {
  constructor(url, onStatus = () => {}) {
    this.url = url;
    this.onStatus = onStatus;
    this.handlers = new Map(); // channel → Set of handlers
    this.socket = null;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.status = 'connecting';
    this.lastEventAt = 0;
  }

  start() {
    window.addEventListener('online', () => this.reconnectNow());
    this.connect();
  }

  /** Calls `handler(data, event)` for each event on `channel`; returns the unsubscribe function. */
  subscribe(channel, handler) {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.send({ op: 'subscribe', channels: [channel] });
    }
    set.add(handler);
    return () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(channel);
        this.send({ op: 'unsubscribe', channels: [channel] });
      }
    };
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  setStatus(status) {
    this.status = status;
    this.onStatus(status, this.attempt);
  }

  connect() {
    clearTimeout(this.reconnectTimer);
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setStatus('live');
      const channels = [...this.handlers.keys()];
      if (channels.length) this.send({ op: 'subscribe', channels });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ op: 'ping' }), PING_EVERY_MS);
    });
    socket.addEventListener('message', (message) => this.dispatch(message.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      clearInterval(this.pingTimer);
      this.socket = null;
      this.scheduleReconnect();
    });
    // 'error' is always followed by 'close', where the reconnect happens.
    socket.addEventListener('error', () => {});
  }

  scheduleReconnect() {
    this.attempt += 1;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (this.attempt - 1));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.setStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  dispatch(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type !== 'event') return;
    this.lastEventAt = Date.now();
    const set = this.handlers.get(message.channel);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(message.data, message);
      } catch (error) {
        // A broken view must not stop the others from receiving events.
        console.warn('live handler failed', message.channel, error);
      }
    }
  }
}
