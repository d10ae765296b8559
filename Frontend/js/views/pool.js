import { describeError } from '../api.js';
import { h, render, svg } from '../dom.js';
import { absString, formatDate, formatFee, formatNumber, formatPercent, formatPrice, formatTime, formatUSD, formatUnits } from '../format.js';
import { drawCandles } from '../charts/candles.js';
import { drawLiquidity } from '../charts/liquidity.js';
import { poolName } from './pools.js';

const INTERVALS = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86400 };
const CANDLES_SHOWN = 60;
const TRADES_SHOWN = 25;

/** One pool: facts, candlestick chart with interval switch, liquidity by price, live trades. */
export function mountPool(container, { api, live }, address) {
  let pool = null;
  let interval = '1h';
  let candles = [];
  let disposed = false;
  const unsubscribers = [];

  const title = h('h1', { testid: 'pool-title', text: 'Pool' });
  const facts = h('dl', { class: 'facts', testid: 'pool-facts' });
  const chart = svg('svg', { class: 'chart', role: 'img', 'aria-label': 'Price chart', 'data-testid': 'price-chart' });
  const liquidityChart = svg('svg', { class: 'chart small', role: 'img', 'aria-label': 'Liquidity by price', 'data-testid': 'liquidity-chart' });
  const liquidityNote = h('p', { class: 'muted hidden', testid: 'liquidity-note' });
  const trades = h('tbody', { testid: 'trades-body' });
  const chartStatus = h('span', { class: 'muted', testid: 'chart-status' });
  const intervalButtons = Object.keys(INTERVALS).map((name) => h('button', {
    class: 'btn', type: 'button', testid: `interval-${name}`, text: name, 'aria-pressed': String(name === interval),
    onclick: () => switchInterval(name),
  }));
  const errorBox = h('div', { class: 'alert error hidden', role: 'alert', testid: 'pool-error' });

  render(container,
    h('p', {}, h('a', { href: '/pools', 'data-link': true, text: '← All pools' })),
    title, errorBox,
    h('div', { class: 'grid pool' },
      h('div', {},
        h('section', { class: 'panel', 'aria-label': 'Price' },
          h('div', { class: 'chart-head' }, h('h2', { id: 'price-title', text: 'Price' }), chartStatus,
            h('span', { class: 'segmented', role: 'group', 'aria-label': 'Candle interval' }, intervalButtons)),
          chart),
        h('section', { class: 'panel', 'aria-label': 'Liquidity' }, h('h2', { text: 'Liquidity by price' }), liquidityChart, liquidityNote),
        h('section', { class: 'panel', 'aria-label': 'Trades' },
          h('h2', { text: 'Live trades' }),
          h('div', { class: 'table-wrap' }, h('table', { testid: 'trades-table' },
            h('thead', {}, h('tr', {}, ['Time', 'Side', 'Amounts', 'Price', 'Value'].map((label) =>
              h('th', { scope: 'col', text: label })))),
            trades)))),
      h('aside', { class: 'panel', 'aria-label': 'Pool facts' }, h('h2', { text: 'Facts' }), facts)));

  function showError(message) {
    errorBox.textContent = message;
    errorBox.classList.toggle('hidden', !message);
  }

  function showFacts() {
    const t0 = pool.token0;
    const t1 = pool.token1;
    title.textContent = `${poolName(pool)} · ${formatFee(pool.fee)}`;
    document.title = `${poolName(pool)} · BaseBook`;
    const rows = [
      ['Price', `1 ${t0.symbol} = ${formatPrice(pool.price)} ${t1.symbol}`, 'fact-price'],
      ['Inverse', pool.price ? `1 ${t1.symbol} = ${formatPrice(1 / pool.price)} ${t0.symbol}` : '—', 'fact-inverse'],
      ['TVL', formatUSD(pool.tvlUsd), 'fact-tvl'],
      ['Volume 24h', formatUSD(pool.volume24hUsd), 'fact-volume'],
      ['Fees 24h', formatUSD(pool.fees24hUsd), 'fact-fees'],
      ['APR', formatPercent(pool.apr), 'fact-apr'],
      ['Trades 24h', formatNumber(pool.swaps24h, 0), 'fact-swaps'],
      [`${t0.symbol} held`, formatUnits(pool.reserve0, t0.decimals), 'fact-reserve0'],
      [`${t1.symbol} held`, formatUnits(pool.reserve1, t1.decimals), 'fact-reserve1'],
      ['Type', pool.kind === 'concentrated' ? 'Concentrated liquidity' : 'Constant product', 'fact-kind'],
      ['Fee tier', formatFee(pool.fee), 'fact-fee'],
    ];
    if (pool.kind === 'concentrated') {
      rows.push(['Current tick', formatNumber(pool.tick, 0), 'fact-tick'], ['Tick spacing', String(pool.tickSpacing), 'fact-spacing'],
        ['Active liquidity', groupInteger(pool.liquidity), 'fact-liquidity']);
    }
    rows.push(['Created', formatDate(pool.createdAt), 'fact-created'], ['Address', pool.address, 'fact-address']);
    render(facts, rows.map(([label, value, testid]) => [h('dt', { text: label }), h('dd', { class: 'num', testid, text: value })]));
  }

  function tradeRow(swap, fresh) {
    const t0 = pool.token0;
    const t1 = pool.token1;
    // The pool's view: a positive amount0 went into the pool, so the trader sold token0.
    const sold0 = BigInt(swap.amount0) > 0n;
    const [soldToken, soldRaw, boughtToken, boughtRaw] = sold0
      ? [t0, swap.amount0, t1, swap.amount1] : [t1, swap.amount1, t0, swap.amount0];
    return h('tr', { class: fresh ? 'fresh' : '', testid: 'trade-row', dataset: { tx: swap.txHash, log: String(swap.logIndex) } },
      h('td', { class: 'num', text: formatTime(swap.timestamp) }),
      h('td', { class: sold0 ? 'side-sell' : 'side-buy', text: `${sold0 ? 'Sell' : 'Buy'} ${t0.symbol}` }),
      h('td', { class: 'num', text: `${formatUnits(absString(soldRaw), soldToken.decimals)} ${soldToken.symbol} → ${formatUnits(absString(boughtRaw), boughtToken.decimals)} ${boughtToken.symbol}` }),
      h('td', { class: 'num', text: formatPrice(swap.price) }),
      h('td', { class: 'num', text: formatUSD(swap.amountUsd) }));
  }

  function addTrade(swap) {
    if (trades.querySelector(`tr[data-tx="${swap.txHash}"][data-log="${swap.logIndex}"]`)) return;
    const empty = trades.querySelector('.empty');
    if (empty) empty.closest('tr').remove();
    trades.prepend(tradeRow(swap, true));
    while (trades.children.length > TRADES_SHOWN) trades.lastElementChild.remove();
    container.dataset.liveTrades = String(Number(container.dataset.liveTrades || 0) + 1);
  }

  async function loadCandles() {
    const now = Math.floor(Date.now() / 1000);
    const seconds = INTERVALS[interval];
    chartStatus.textContent = 'Loading…';
    const wanted = interval;
    try {
      const answer = await api.candles(address, interval, now - seconds * CANDLES_SHOWN, now);
      if (disposed || wanted !== interval) return;
      candles = answer.candles || [];
      chartStatus.textContent = '';
      drawCandles(chart, candles, { interval });
      chart.dataset.interval = interval;
    } catch (error) {
      if (!disposed) chartStatus.textContent = describeError(error);
    }
  }

  function subscribeCandles() {
    const channel = `candles:${address}:${interval}`;
    const wanted = interval;
    return live.subscribe(channel, (candle) => {
      if (wanted !== interval) return;
      const last = candles[candles.length - 1];
      if (last && last.time === candle.time) candles[candles.length - 1] = candle;
      else if (!last || candle.time > last.time) candles = candles.concat([candle]).slice(-CANDLES_SHOWN);
      drawCandles(chart, candles, { interval });
    });
  }

  let unsubscribeCandles = () => {};
  function switchInterval(name) {
    if (name === interval) return;
    interval = name;
    for (const button of intervalButtons) button.setAttribute('aria-pressed', String(button.textContent === name));
    unsubscribeCandles();
    unsubscribeCandles = subscribeCandles();
    loadCandles();
  }

  async function loadLiquidity() {
    if (pool.kind !== 'concentrated') {
      liquidityChart.classList.add('hidden');
      liquidityNote.textContent = 'A constant-product pool spreads its liquidity over every price.';
      liquidityNote.classList.remove('hidden');
      return;
    }
    try {
      const ticks = await api.ticks(address);
      if (!disposed) drawLiquidity(liquidityChart, ticks.distribution || [], pool.price);
    } catch (error) {
      if (!disposed) { liquidityNote.textContent = describeError(error); liquidityNote.classList.remove('hidden'); }
    }
  }

  (async () => {
    try {
      pool = await api.pool(address);
    } catch (error) {
      if (!disposed) { title.textContent = 'Pool not found'; showError(describeError(error)); }
      return;
    }
    if (disposed) return;
    // Channels name the pool by its checksummed address, whatever case the URL used.
    address = pool.address;
    showFacts();
    const swapsPage = await api.swaps(address, TRADES_SHOWN).catch(() => ({ data: [] }));
    if (disposed) return;
    render(trades, swapsPage.data.length ? swapsPage.data.map((swap) => tradeRow(swap, false))
      : h('tr', {}, h('td', { colspan: '5', class: 'empty', text: 'Waiting for the first trade…' })));
    unsubscribers.push(live.subscribe(`pool:${address}`, (event) => {
      if (event.pool) { pool = event.pool; showFacts(); }
      if (event.kind === 'swap' && event.swap) addTrade(event.swap);
    }));
    unsubscribeCandles();
    unsubscribeCandles = subscribeCandles();
    await Promise.all([loadCandles(), loadLiquidity()]);
  })();

  const redraw = () => { drawCandles(chart, candles, { interval }); };
  window.addEventListener('resize', redraw);
  return () => {
    disposed = true;
    window.removeEventListener('resize', redraw);
    unsubscribeCandles();
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

function groupInteger(raw) {
  return raw ? raw.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : '—';
}

