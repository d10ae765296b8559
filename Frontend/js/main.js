import { Api } from './api.js';
import { loadConfig } from './config.js';
import { h, render } from './dom.js';
import { LiveFeed } from './live.js';
import { PageRouter } from './router.js';
import { TokenBook } from './tokens.js';
import { mountSwap } from './views/swap.js';
import { mountPools } from './views/pools.js';
import { mountPool } from './views/pool.js';
import { mountOverview } from './views/overview.js';

const STATUS_WORDS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' };

const routes = [
  { pattern: /^\/$/, name: 'swap', title: 'Swap', view: mountSwap },
  { pattern: /^\/swap$/, name: 'swap', title: 'Swap', view: mountSwap },
  { pattern: /^\/pools$/, name: 'pools', title: 'Pools', view: mountPools },
  { pattern: /^\/pools\/(0x[0-9a-fA-F]{40})$/, name: 'pools', title: 'Pool', view: mountPool },
  { pattern: /^\/overview$/, name: 'overview', title: 'Overview', view: mountOverview },
];

async function start() {
  const main = document.getElementById('main');
  const statusBadge = document.getElementById('ws-status');
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    render(main, h('div', { class: 'alert error', role: 'alert', text: `The app cannot load its configuration: ${error.message}` }));
    return;
  }
  document.getElementById('chain-info').textContent = `Chain ${config.chainId} · API ${new URL(config.apiUrl).host}`;

  const api = new Api(config.apiUrl);
  const live = new LiveFeed(config.wsUrl, (status) => {
    statusBadge.dataset.state = status;
    statusBadge.textContent = STATUS_WORDS[status] || status;
  });
  const tokens = new TokenBook(api);
  const context = { api, live, tokens, config };

  let cleanup = () => {};
  const router = new PageRouter(routes, (route, params) => {
    cleanup();
    cleanup = () => {};
    for (const link of document.querySelectorAll('[data-nav]')) {
      if (route && link.dataset.nav === route.name) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    render(main);
    // Views mark their state on <main> for tests and styling; a new view starts clean.
    for (const key of Object.keys(main.dataset)) if (key !== 'testid') delete main.dataset[key];
    if (!route) {
      document.title = 'Not found · BaseBook';
      render(main, h('div', { class: 'panel', testid: 'not-found' },
        h('h1', { text: 'Page not found' }),
        h('p', {}, 'There is nothing at this address. ', h('a', { href: '/', 'data-link': true, text: 'Go to Swap' }))));
      return;
    }
    document.title = `${route.title} · BaseBook`;
    cleanup = route.view(main, context, ...params) || (() => {});
  });
  context.navigate = (path) => router.go(path);
  live.start();
  router.start();
}

start();
