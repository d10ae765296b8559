// The runtime configuration the frontend server builds from its environment, so one set of
// static files serves every environment.
export async function loadConfig() {
  const response = await fetch('/config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const config = await response.json();
  return {
    apiUrl: String(config.apiUrl || '').replace(/\/+$/, ''),
    wsUrl: String(config.wsUrl || ''),
    chainId: Number(config.chainId) || 8453,
  };
}
