import { describeError } from '../api.js';
import { debounce, h, render, tokenDot } from '../dom.js';
import { formatNumber, formatPercent, formatUSD, formatUnits, parseUnits, timeAgo } from '../format.js';
import { USDC, WETH } from '../tokens.js';
import { pickToken } from './tokenPicker.js';
import { routeDiagram } from './routeDiagram.js';

const REFRESH_EVERY_MS = 15_000;
const MIN_REQUOTE_GAP_MS = 2_000;
const SLIPPAGE_PRESETS = [10, 50, 100];

export function mountSwap(container, { api, live, tokens }) {
  const state = {
    tokenIn: null, tokenOut: null, type: 'exactIn', typed: '1', slippageBps: 50,
    quote: null, error: null, loading: false, quotedAt: 0,
  };
  let generation = 0;
  let controller = null;
  let disposed = false;

  const amountIn = h('input', { class: 'amount num', inputmode: 'decimal', autocomplete: 'off', placeholder: '0', testid: 'amount-in', id: 'amount-in', value: state.typed });
  const amountOut = h('input', { class: 'amount num', inputmode: 'decimal', autocomplete: 'off', placeholder: '0', testid: 'amount-out', id: 'amount-out' });
  const tokenInButton = h('button', { class: 'btn token-btn', type: 'button', testid: 'token-in', 'aria-label': 'Choose the token to sell' });
  const tokenOutButton = h('button', { class: 'btn token-btn', type: 'button', testid: 'token-out', 'aria-label': 'Choose the token to buy' });
  const usdIn = h('div', { class: 'usd num', testid: 'usd-in' });
  const usdOut = h('div', { class: 'usd num', testid: 'usd-out' });
  const modeIn = h('span', { testid: 'mode-in' });
  const modeOut = h('span', { testid: 'mode-out' });
  const details = h('div', { class: 'details', testid: 'quote-details', 'aria-live': 'polite' });
  const errorBox = h('div', { class: 'alert error hidden', role: 'alert', testid: 'quote-error' });
  const meta = h('div', { class: 'quote-meta', testid: 'quote-status' });
  const slippageInput = h('input', { type: 'text', inputmode: 'decimal', testid: 'slippage-input', 'aria-label': 'Custom slippage in percent', value: '0.5' });
  const presetButtons = SLIPPAGE_PRESETS.map((bps) => h('button', {
    class: 'btn', type: 'button', testid: `slippage-${bps}`, text: `${bps / 100}%`,
    onclick: () => { state.slippageBps = bps; slippageInput.value = String(bps / 100); showSlippage(); requote(); },
  }));

  render(container, h('section', { class: 'swap', 'aria-labelledby': 'swap-title' },
    h('h1', { id: 'swap-title', text: 'Swap' }),
    h('div', { class: 'panel' },
      h('div', { class: 'swap-field' },
        h('label', { for: 'amount-in' }, h('span', { text: 'You sell' }), modeIn),
        h('div', { class: 'row' }, amountIn, tokenInButton), usdIn),
      h('div', { class: 'flip' }, h('button', { class: 'btn', type: 'button', testid: 'flip', 'aria-label': 'Swap the two tokens', text: '⇅', onclick: flip })),
      h('div', { class: 'swap-field' },
        h('label', { for: 'amount-out' }, h('span', { text: 'You buy' }), modeOut),
        h('div', { class: 'row' }, amountOut, tokenOutButton), usdOut),
      h('div', { class: 'settings', role: 'group', 'aria-label': 'Slippage tolerance' },
        h('span', { text: 'Slippage' }), h('span', { class: 'segmented' }, presetButtons), slippageInput, h('span', { text: '%' })),
      errorBox,
      details,
      meta,
      h('button', { class: 'btn primary', type: 'button', disabled: true, testid: 'swap-button', text: 'Connect a wallet to swap' }))));

  amountIn.addEventListener('input', () => { state.type = 'exactIn'; state.typed = amountIn.value; showModes(); scheduleQuote(); });
  amountOut.addEventListener('input', () => { state.type = 'exactOut'; state.typed = amountOut.value; showModes(); scheduleQuote(); });
  slippageInput.addEventListener('input', debounce(() => {
    const percent = Number(slippageInput.value);
    if (!Number.isFinite(percent) || percent < 0 || percent > 50) {
      showError('Slippage must be between 0% and 50%.');
      return;
    }
    state.slippageBps = Math.round(percent * 100);
    showSlippage();
    requote();
  }, 300));
  tokenInButton.addEventListener('click', async () => {
    const token = await pickToken(tokens, { title: 'Sell which token?' });
    tokenInButton.focus();
    if (token) choose('tokenIn', token);
  });
  tokenOutButton.addEventListener('click', async () => {
    const token = await pickToken(tokens, { title: 'Buy which token?' });
    tokenOutButton.focus();
    if (token) choose('tokenOut', token);
  });

  // Picking the token already on the other side swaps the two, as people expect.
  function choose(side, token) {
    const other = side === 'tokenIn' ? state.tokenOut : state.tokenIn;
    if (other && other.address.toLowerCase() === token.address.toLowerCase()) { flip(); return; }
    state[side] = token;
    showTokens();
    requote();
  }

  function flip() {
    [state.tokenIn, state.tokenOut] = [state.tokenOut, state.tokenIn];
    state.type = state.type === 'exactIn' ? 'exactOut' : 'exactIn';
    state.quote = null;
    showTokens();
    showModes();
    (state.type === 'exactIn' ? amountIn : amountOut).value = state.typed;
    (state.type === 'exactIn' ? amountOut : amountIn).value = '';
    requote();
  }

  function showTokens() {
    for (const [button, token] of [[tokenInButton, state.tokenIn], [tokenOutButton, state.tokenOut]]) {
      render(button, token ? [tokenDot(token.symbol), token.symbol] : 'Select', ' ▾');
      button.dataset.address = token ? token.address : '';
    }
  }

  function showModes() {
    modeIn.textContent = state.type === 'exactIn' ? 'exact' : 'estimated';
    modeOut.textContent = state.type === 'exactOut' ? 'exact' : 'estimated';
    container.querySelector('.swap').dataset.mode = state.type;
  }

  function showSlippage() {
    for (const [index, button] of presetButtons.entries()) button.setAttribute('aria-pressed', String(SLIPPAGE_PRESETS[index] === state.slippageBps));
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.classList.toggle('hidden', !message);
  }

  const scheduleQuote = debounce(() => requote(), 350);

  async function requote() {
    if (disposed || !state.tokenIn || !state.tokenOut) return;
    const specified = state.type === 'exactIn' ? state.tokenIn : state.tokenOut;
    const other = state.type === 'exactIn' ? amountOut : amountIn;
    let amount;
    try {
      amount = parseUnits(state.typed, specified.decimals);
    } catch (error) {
      if (controller) controller.abort();
      state.quote = null;
      other.value = '';
      render(details);
      meta.textContent = '';
      showError(state.typed.trim() === '' ? '' : error.message);
      return;
    }
    const mine = ++generation;
    if (controller) controller.abort();
    controller = new AbortController();
    state.loading = true;
    meta.textContent = 'Fetching the best route…';
    container.querySelector('.swap').dataset.loading = 'true';
    try {
      const quote = await api.quote({
        tokenIn: state.tokenIn.address, tokenOut: state.tokenOut.address, amount, type: state.type, slippageBps: state.slippageBps,
      }, { signal: controller.signal });
      if (mine !== generation || disposed) return;
      tokens.remember(quote.tokenIn);
      tokens.remember(quote.tokenOut);
      state.quote = quote;
      state.quotedAt = Date.now();
      showError('');
      showQuote(quote);
    } catch (error) {
      if (error.name === 'AbortError' || mine !== generation || disposed) return;
      state.quote = null;
      other.value = '';
      render(details);
      usdIn.textContent = '';
      usdOut.textContent = '';
      meta.textContent = '';
      showError(describeError(error));
    } finally {
      if (mine === generation) {
        state.loading = false;
        const root = container.querySelector('.swap');
        if (root) root.dataset.loading = 'false';
      }
    }
  }

  function showQuote(quote) {
    const tIn = quote.tokenIn || state.tokenIn;
    const tOut = quote.tokenOut || state.tokenOut;
    const forInput = (raw, decimals) => formatUnits(raw, decimals, { maxFraction: 8 }).replace(/,/g, '');
    if (quote.type === 'exactIn') amountOut.value = forInput(quote.amountOut, tOut.decimals);
    else amountIn.value = forInput(quote.amountIn, tIn.decimals);
    usdIn.textContent = quote.amountInUsd != null ? `≈ ${formatUSD(quote.amountInUsd)}` : '';
    usdOut.textContent = quote.amountOutUsd != null ? `≈ ${formatUSD(quote.amountOutUsd)}` : '';

    const amountInNumber = Number(quote.amountIn) / 10 ** tIn.decimals;
    const amountOutNumber = Number(quote.amountOut) / 10 ** tOut.decimals;
    const rate = amountInNumber > 0 ? amountOutNumber / amountInNumber : 0;
    const impactPercent = (quote.priceImpactBps || 0) / 100;
    const impactClass = impactPercent >= 5 ? 'impact-danger' : impactPercent >= 1 ? 'impact-warn' : '';
    const limit = quote.type === 'exactIn'
      ? ['Minimum received', `${formatUnits(quote.amountOutMin, tOut.decimals)} ${tOut.symbol}`]
      : ['Maximum sold', `${formatUnits(quote.amountInMax, tIn.decimals)} ${tIn.symbol}`];
    const gasText = quote.gasCostUsd != null
      ? `${formatUSD(quote.gasCostUsd)} (${formatNumber(Number(quote.gasEstimate), 0)} gas)`
      : `${formatNumber(Number(quote.gasEstimate), 0)} gas`;

    const rows = [
      ['Rate', `1 ${tIn.symbol} = ${formatNumber(rate, rate >= 100 ? 2 : 6)} ${tOut.symbol}`, 'rate', ''],
      ['Price impact', formatPercent(impactPercent), 'price-impact', impactClass],
      [limit[0], limit[1], 'limit-amount', ''],
      ['Slippage tolerance', formatPercent(state.slippageBps / 100), 'slippage-shown', ''],
      ['Network cost', gasText, 'gas-cost', ''],
    ];
    const warning = impactPercent >= 5
      ? h('div', { class: 'alert error', role: 'alert', testid: 'impact-warning', text: `Price impact is ${formatPercent(impactPercent)}: this trade moves the price a lot and you receive much less than the market rate.` })
      : impactPercent >= 1
        ? h('div', { class: 'alert warn', testid: 'impact-warning', text: `Price impact is ${formatPercent(impactPercent)}. Consider a smaller amount.` })
        : null;
    render(details,
      warning,
      h('dl', {}, rows.map(([label, value, testid, cls]) => [h('dt', { text: label }), h('dd', { class: `num ${cls}`, testid, text: value })])),
      routeDiagram({ ...quote, tokenIn: tIn, tokenOut: tOut }, tokens));
    showMeta();
  }

  function showMeta() {
    if (!state.quote) return;
    meta.textContent = `Quote updated ${timeAgo(state.quotedAt / 1000)} · market state #${state.quote.stateSequence}`;
  }

  // The market moves: re-quote on price events (at most every MIN_REQUOTE_GAP_MS), and on a
  // timer in case the live feed is down.
  const unsubscribe = live.subscribe('prices', () => {
    if (!state.loading && Date.now() - state.quotedAt >= MIN_REQUOTE_GAP_MS) requote();
  });
  const timer = setInterval(() => {
    if (Date.now() - state.quotedAt >= REFRESH_EVERY_MS) requote(); else showMeta();
  }, 1000);

  showModes();
  showSlippage();
  showTokens();
  (async () => {
    try {
      const [tokenIn, tokenOut] = await Promise.all([tokens.resolve(WETH), tokens.resolve(USDC)]);
      if (disposed) return;
      state.tokenIn = state.tokenIn || tokenIn;
      state.tokenOut = state.tokenOut || tokenOut;
    } catch (error) {
      if (!disposed) showError(`Could not load the default tokens: ${describeError(error)}`);
    }
    showTokens();
    requote();
    tokens.load();
  })();

  return () => {
    disposed = true;
    if (controller) controller.abort();
    clearInterval(timer);
    unsubscribe();
  };
}
