import { formatFee, formatUnits, shortAddress } from '../format.js';
import { h, tokenDot } from '../dom.js';

/**
 * The route of a quote: one line per split with its share of the trade, each hop a box naming
 * the pair, the pool's fee and the pool, linked to the pool's page.
 */
export function routeDiagram(quote, tokens) {
  const tokenIn = quote.tokenIn;
  const tokenOut = quote.tokenOut;
  const routes = quote.routes || [];
  const lines = routes.map((route, index) => {
    const hops = route.hops || [];
    const parts = [h('span', { class: 'portion', title: 'Share of the trade on this path', text: `${(route.portionBps / 100).toFixed(route.portionBps % 100 ? 1 : 0)}%` })];
    hops.forEach((hop, hopIndex) => {
      if (hopIndex > 0) parts.push(h('span', { class: 'arrow', 'aria-hidden': 'true', text: '→' }));
      const inSymbol = tokens.symbol(hop.tokenIn);
      const outSymbol = tokens.symbol(hop.tokenOut);
      parts.push(h('a', {
        class: 'hop', href: `/pools/${hop.pool}`, 'data-link': true, testid: 'route-hop',
        title: `Pool ${hop.pool}`, 'aria-label': `${inSymbol} to ${outSymbol} in pool ${shortAddress(hop.pool)}, fee ${formatFee(hop.fee)}`,
      },
      h('span', { text: `${inSymbol} → ${outSymbol}` }),
      h('span', { class: 'fee', text: `${formatFee(hop.fee)} · ${shortAddress(hop.pool)}` })));
    });
    const inToken = tokens.get(hops[0] && hops[0].tokenIn) || tokenIn;
    return h('div', { class: 'route-line', testid: 'route-line', 'aria-label': `Path ${index + 1}` },
      ...parts,
      h('span', { class: 'muted num', text: inToken ? `${formatUnits(route.amountIn, inToken.decimals)} ${inToken.symbol}` : '' }));
  });
  return h('div', { class: 'route', testid: 'route', 'aria-label': 'Route' },
    h('div', { class: 'route-ends' },
      h('span', {}, tokenDot(tokenIn.symbol), ' ', tokenIn.symbol),
      h('span', { class: 'muted', text: `${plural(routes.length, 'path')}, ${plural(routes.reduce((n, r) => n + (r.hops || []).length, 0), 'pool')}` }),
      h('span', {}, tokenOut.symbol, ' ', tokenDot(tokenOut.symbol))),
    ...lines);
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
