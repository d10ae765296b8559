import { formatUSD } from '../format.js';
import { debounce, h, render, tokenDot } from '../dom.js';

/** A modal list of tokens with a search box. Resolves with the chosen token, or null. */
export function pickToken(tokens, { title = 'Select a token', exclude } = {}) {
  return new Promise((resolve) => {
    const list = h('ul', { class: 'token-list', testid: 'token-list', role: 'listbox', 'aria-label': 'Tokens' });
    const search = h('input', {
      type: 'search', placeholder: 'Search name, symbol or address', testid: 'token-search',
      'aria-label': 'Search tokens', autocomplete: 'off',
    });
    const close = h('button', { class: 'btn', type: 'button', text: '✕', 'aria-label': 'Close' });
    const dialog = h('dialog', { testid: 'token-picker', 'aria-label': title },
      h('div', { class: 'dialog-head' }, h('h2', { text: title }), close),
      h('div', { class: 'dialog-body' }, search, list));

    let chosen = null;
    const finish = (token) => {
      chosen = token;
      dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(chosen);
    });
    close.addEventListener('click', () => finish(null));

    const show = (items) => {
      const visible = items.filter((token) => !exclude || token.address.toLowerCase() !== exclude.toLowerCase()).slice(0, 50);
      if (!visible.length) {
        render(list, h('li', { class: 'empty', text: 'No token matches.' }));
        return;
      }
      render(list, visible.map((token) => h('li', { role: 'option' },
        h('button', { type: 'button', testid: `token-option-${token.symbol}`, onclick: () => finish(token) },
          tokenDot(token.symbol),
          h('span', {}, h('strong', { text: token.symbol }), h('br'), h('span', { class: 'name', text: token.name || '' })),
          h('span', { class: 'right', text: token.priceUsd != null ? formatUSD(token.priceUsd) : '' })))));
    };
    // Arrow keys move through the list; Enter in the search picks the first match.
    list.addEventListener('keydown', (event) => {
      const buttons = [...list.querySelectorAll('button')];
      const index = buttons.indexOf(document.activeElement);
      if (event.key === 'ArrowDown' && index < buttons.length - 1) { buttons[index + 1].focus(); event.preventDefault(); }
      if (event.key === 'ArrowUp') { (index > 0 ? buttons[index - 1] : search).focus(); event.preventDefault(); }
    });
    search.addEventListener('keydown', (event) => {
      const first = list.querySelector('button');
      if (event.key === 'ArrowDown' && first) { first.focus(); event.preventDefault(); }
      if (event.key === 'Enter' && first) { first.click(); event.preventDefault(); }
      // A search field would spend the first Escape on clearing itself; one press closes.
      if (event.key === 'Escape') { finish(null); event.preventDefault(); }
    });
    let generation = 0;
    search.addEventListener('input', debounce(async () => {
      const mine = ++generation;
      const results = await tokens.search(search.value);
      if (mine === generation) show(results);
    }, 150));

    document.body.append(dialog);
    dialog.showModal();
    search.focus();
    show(tokens.list());
    tokens.load().then((all) => { if (!search.value) show(all); });
  });
}
