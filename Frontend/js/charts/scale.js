// Linear scales and "nice" tick values shared by the charts.

export function linear(domainMin, domainMax, rangeMin, rangeMax) {
  const span = domainMax - domainMin || 1;
  return (value) => rangeMin + ((value - domainMin) / span) * (rangeMax - rangeMin);
}

/** About `count` round values covering [min, max]. */
export function niceTicks(min, max, count = 4) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) || rough;
  const ticks = [];
  for (let value = Math.ceil(min / step) * step; value <= max + step * 1e-9; value += step) ticks.push(+value.toPrecision(12));
  return ticks;
}

/** Chart dimensions from the element's rendered width, so charts stay sharp at 375 px and 1280 px. */
export function frame(element, height, margin = { top: 10, right: 56, bottom: 22, left: 8 }) {
  const width = Math.max(280, Math.round(element.clientWidth || element.getBoundingClientRect().width || 600));
  return { width, height, margin, innerWidth: width - margin.left - margin.right, innerHeight: height - margin.top - margin.bottom };
}
