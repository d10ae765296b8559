import { describeError } from '../api.js';
import { debounce, h, render } from '../dom.js';
import { formatFee, formatPercent, formatUSD } from '../format.js';

const COLUMNS = [
  { key: 'tvl', label: 'TVL', value: (p) => p.tvlUsd, format: (v) => formatUSD(v, { compact: true }) },
  { key: 'volume', label: 'Volume 24h', value: (p) => p.volume24hUsd, format: (v) => formatUSD(v, { compact: true }) },
  { key: 'fees', label: 'Fees 24h', value: (p) => p.fees24hUsd, format: (v) => formatUSD(v, { compact: true }), hideSmall: true },
  { key: 'apr', label: 'APR', value: (p) => p.apr, format: (v) => formatPercent(v) },
];

export function poolName(pool) {
  return `${pool.token0.symbol} / ${pool.token1.symbol}`;
}

/** The pools table: sorted by the server (so the order covers every pool, not one page), searchable by token. */
export function mountPools(container, { api, live, tokens }) {
  const state = { sort: 'tvl', order: 'desc', search: '', pools: [], cursor: null, token: null };
  let generation = 0;
  let disposed = false;

  const search = h('input', { type: 'search', placeholder: 'Filter by token symbol or address', testid: 'pool-search', 'aria-label': 'Filter pools by token' });
  const status = h('p', { class: 'muted', testid: 'pools-status', role: 'status' });
  const headRow = h('tr');
  const body = h('tbody', { testid: 'pools-body' });
  const more = h('button', { class: 'btn hidden', type: 'button', testid: 'pools-more', text: 'Load more', onclick: () => load(true) });
  const table = h('table', { testid: 'pools-table', 'aria-label': 'Pools' }, h('thead', {}, headRow), body);

  render(container,
    h('h1', { text: 'Pools' }),
    h('div', { class: 'panel' },
      h('div', { class: 'toolbar' }, search, status),
      h('div', { class: 'table-wrap' }, table),
      more));

  function renderHead() {
    render(headRow,
      h('th', { scope: 'col', text: 'Pool' }),
      COLUMNS.map((column) => {
        const active = state.sort === column.key;
        return h('th', {
          scope: 'col', class: column.hideSmall ? 'hide-sm' : '', testid: `sort-${column.key}`,
          'aria-sort': active ? (state.order === 'desc' ? 'descending' : 'ascending') : null,
        }, h('button', {
          type: 'button', text: column.label,
          'aria-label': `Sort by ${column.label}${active && state.order === 'desc' ? ', ascending' : ', descending'}`,
          onclick: () => {
            if (state.sort === column.key) state.order = state.order === 'desc' ? 'asc' : 'desc';
            else { state.sort = column.key; state.order = 'desc'; }
            renderHead();
            load(false);
          },
        }));
      }));
  }

  function visiblePools() {
    const query = state.search.trim().toLowerCase();
    if (!query || state.token) return state.pools;
    return state.pools.filter((pool) => [pool.token0, pool.token1].some((t) =>
      t.symbol.toLowerCase().includes(query) || (t.name || '').toLowerCase().includes(query)));
  }

  function renderBody() {
    const pools = visiblePools();
    if (!pools.length) {
      render(body, h('tr', {}, h('td', { colspan: String(COLUMNS.length + 1), class: 'empty', text: state.search ? 'No pool matches this token.' : 'No pools yet.' })));
      return;
    }
    render(body, pools.map((pool) => h('tr', { testid: 'pool-row', dataset: { address: pool.address } },
      h('td', {},
        h('a', { href: `/pools/${pool.address}`, 'data-link': true, testid: 'pool-link', text: poolName(pool) }),
        h('span', { class: 'fee-badge', text: formatFee(pool.fee) })),
      COLUMNS.map((column) => h('td', {
        class: `num${column.hideSmall ? ' hide-sm' : ''}`, dataset: { sort: column.key, value: String(column.value(pool) ?? 0) },
        text: column.format(column.value(pool)),
      })))));
  }

  async function load(append) {
    const mine = ++generation;
    status.textContent = 'Loading…';
    try {
      const page = await api.pools({
        sort: state.sort, order: state.order, limit: 50, token: state.token || undefined,
        cursor: append ? state.cursor : undefined,
      });
      if (mine !== generation || disposed) return;
      state.pools = append ? state.pools.concat(page.data) : page.data;
      state.cursor = page.nextCursor;
      more.classList.toggle('hidden', !state.cursor);
      status.textContent = `${state.pools.length} pools`;
      container.dataset.sorted = `${state.sort}:${state.order}`;
      renderBody();
    } catch (error) {
      if (mine !== generation || disposed) return;
      status.textContent = describeError(error);
    }
  }

  // An exact symbol or an address asks the server for that token's pools; anything else
  // filters the loaded rows.
  search.addEventListener('input', debounce(async () => {
    state.search = search.value;
    const query = search.value.trim();
    let token = null;
    if (/^0x[0-9a-fA-F]{40}$/.test(query)) token = query;
    else if (query) {
      const match = (await tokens.search(query)).find((t) => t.symbol.toLowerCase() === query.toLowerCase());
      token = match ? match.address : null;
    }
    if (disposed) return;
    if (token !== state.token) {
      state.token = token;
      load(false);
    } else {
      renderBody();
    }
  }, 250));

  // Pool events update rows in place (TVL and volume move with every trade).
  const unsubscribe = live.subscribe('pools', (pool) => {
    const index = state.pools.findIndex((p) => p.address === pool.address);
    if (index >= 0) {
      state.pools[index] = pool;
      const row = body.querySelector(`tr[data-address="${pool.address}"]`);
      if (row) {
        for (const column of COLUMNS) {
          const cell = row.querySelector(`td[data-sort="${column.key}"]`);
          if (cell) cell.textContent = column.format(column.value(pool));
        }
      }
    }
  });

  renderHead();
  load(false);
  tokens.load();
  return () => { disposed = true; unsubscribe(); };
}
