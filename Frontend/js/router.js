// History routing: real paths (/pools/0x…) that the frontend server answers with index.html.

export class PageRouter {
  constructor(routes, onRoute) {
    this.routes = routes; // [{ pattern: RegExp, name, view }]
    this.onRoute = onRoute;
  }

  start() {
    document.addEventListener('click', (event) => {
      const link = event.target.closest('a[data-link]');
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const url = new URL(link.href);
      if (url.origin !== location.origin) return;
      event.preventDefault();
      this.go(url.pathname + url.search);
    });
    window.addEventListener('popstate', () => this.resolve());
    this.resolve();
  }

  go(path) {
    if (path !== location.pathname + location.search) history.pushState({}, '', path);
    this.resolve();
  }

  resolve() {
    const path = location.pathname.replace(/\/+$/, '') || '/';
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (match) {
        this.onRoute(route, match.slice(1));
        return;
      }
    }
    this.onRoute(null, []);
  }
}
