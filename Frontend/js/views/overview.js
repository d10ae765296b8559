import { describeError } from '../api.js';
import { h, render, svg, tokenDot } from '../dom.js';
import { formatFee, formatNumber, formatUSD } from '../format.js';
import { drawHistory } from '../charts/history.js';
import { poolName } from './pools.js';

/** Protocol totals, TVL and volume history, top pools and top tokens. */
export function mountOverview(container, { api, live }) {
  let disposed = false;
  const cards = h('div', { class: 'cards', testid: 'stats-cards' });
  const tvlChart = svg('svg', { class: 'chart small', role: 'img', 'aria-label': 'Total value locked, last 30 days', 'data-testid': 'tvl-chart' });
  const volumeChart = svg('svg', { class: 'chart small', role: 'img', 'aria-label': 'Daily volume, last 30 days', 'data-testid': 'volume-chart' });
  const topPools = h('tbody', { testid: 'top-pools' });
  const topTokens = h('tbody', { testid: 'top-tokens' });
  const errorBox = h('div', { class: 'alert error hidden', role: 'alert', testid: 'overview-error' });
  let history = [];

  render(container,
    h('h1', { text: 'Overview' }), errorBox, cards,
    h('div', { class: 'grid two' },
      h('section', { class: 'panel' }, h('h2', { text: 'Total value locked' }), tvlChart),
      h('section', { class: 'panel' }, h('h2', { text: 'Daily volume' }), volumeChart),
      h('section', { class: 'panel' }, h('h2', { text: 'Top pools' }), h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Pool' }), h('th', { scope: 'col', text: 'TVL' }), h('th', { scope: 'col', text: 'Volume 24h' }))),
        topPools))),
      h('section', { class: 'panel' }, h('h2', { text: 'Top tokens' }), h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Token' }), h('th', { scope: 'col', text: 'Price' }), h('th', { scope: 'col', text: 'TVL' }), h('th', { scope: 'col', class: 'hide-sm', text: 'Volume 24h' }))),
        topTokens)))));

  function showStats(stats) {
    const items = [
      ['TVL', formatUSD(stats.tvlUsd, { compact: true }), 'stat-tvl'],
      ['Volume 24h', formatUSD(stats.volume24hUsd, { compact: true }), 'stat-volume'],
      ['Fees 24h', formatUSD(stats.fees24hUsd, { compact: true }), 'stat-fees'],
      ['Trades 24h', formatNumber(stats.swaps24h, 0), 'stat-swaps'],
      ['Pools', formatNumber(stats.pools, 0), 'stat-pools'],
      ['Tokens', formatNumber(stats.tokens, 0), 'stat-tokens'],
    ];
    render(cards, items.map(([label, value, testid]) => h('div', { class: 'card' },
      h('div', { class: 'label', text: label }), h('div', { class: 'value num', testid, text: value }))));
  }

  function drawCharts() {
    drawHistory(tvlChart, history.map((d) => ({ date: d.date, value: d.tvlUsd })), { kind: 'area' });
    drawHistory(volumeChart, history.map((d) => ({ date: d.date, value: d.volumeUsd })), { kind: 'bars' });
  }

  const fail = (error) => {
    if (disposed) return;
    errorBox.textContent = describeError(error);
    errorBox.classList.remove('hidden');
  };

  api.stats().then((stats) => { if (!disposed) showStats(stats); }).catch(fail);
  api.history(30).then((answer) => { if (!disposed) { history = answer.data || []; drawCharts(); } }).catch(fail);
  api.pools({ sort: 'tvl', order: 'desc', limit: 8 }).then((page) => {
    if (disposed) return;
    render(topPools, page.data.map((pool) => h('tr', { testid: 'top-pool-row' },
      h('td', {}, h('a', { href: `/pools/${pool.address}`, 'data-link': true, text: poolName(pool) }), h('span', { class: 'fee-badge', text: formatFee(pool.fee) })),
      h('td', { class: 'num', text: formatUSD(pool.tvlUsd, { compact: true }) }),
      h('td', { class: 'num', text: formatUSD(pool.volume24hUsd, { compact: true }) }))));
  }).catch(fail);
  api.tokens(undefined, 100).then((page) => {
    if (disposed) return;
    const top = [...page.data].sort((a, b) => b.tvlUsd - a.tvlUsd).slice(0, 8);
    render(topTokens, top.map((token) => h('tr', { testid: 'top-token-row' },
      h('td', {}, tokenDot(token.symbol), ' ', h('strong', { text: token.symbol }), ' ', h('span', { class: 'muted hide-sm', text: token.name })),
      h('td', { class: 'num', text: formatUSD(token.priceUsd) }),
      h('td', { class: 'num', text: formatUSD(token.tvlUsd, { compact: true }) }),
      h('td', { class: 'num hide-sm', text: formatUSD(token.volume24hUsd, { compact: true }) }))));
  }).catch(fail);

  const unsubscribe = live.subscribe('stats', (stats) => showStats(stats));
  const redraw = () => drawCharts();
  window.addEventListener('resize', redraw);
  return () => { disposed = true; unsubscribe(); window.removeEventListener('resize', redraw); };
}


