import { svg, render } from '../dom.js';
import { formatUSD } from '../format.js';
import { frame, linear, niceTicks } from './scale.js';

/** Daily values ({date, value}) as an area (levels such as TVL) or bars (flows such as volume). */
export function drawHistory(element, points, { kind = 'area' } = {}) {
  const box = frame(element, element.clientHeight || 220, { top: 10, right: 64, bottom: 22, left: 8 });
  element.setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);
  if (!points.length) {
    render(element, svg('text', { x: box.width / 2, y: box.height / 2, 'text-anchor': 'middle' }, 'No history yet'));
    return;
  }
  const max = Math.max(...points.map((p) => p.value)) || 1;
  const min = kind === 'bars' ? 0 : Math.min(...points.map((p) => p.value)) * 0.95;
  const y = linear(min, max * 1.05, box.margin.top + box.innerHeight, box.margin.top);
  const slot = box.innerWidth / points.length;
  const x = (index) => box.margin.left + slot * index + slot / 2;
  const grid = niceTicks(min, max * 1.05, 3).map((value) => [
    svg('line', { class: 'grid-line', x1: box.margin.left, x2: box.margin.left + box.innerWidth, y1: y(value), y2: y(value) }),
    svg('text', { x: box.width - box.margin.right + 4, y: y(value) + 4 }, formatUSD(value, { compact: true })),
  ]);
  const labelEvery = Math.max(1, Math.ceil(points.length / 5));
  const labels = points.map((p, index) => index % labelEvery ? null
    : svg('text', { x: x(index), y: box.height - 6, 'text-anchor': 'middle' }, p.date.slice(5)));
  let marks;
  if (kind === 'bars') {
    const width = Math.max(1, slot * 0.7);
    marks = points.map((p, index) => svg('rect', { class: 'bar', x: x(index) - width / 2, y: y(p.value), width, height: Math.max(0, y(min) - y(p.value)) },
      svg('title', {}, `${p.date}: ${formatUSD(p.value)}`)));
  } else {
    const line = points.map((p, index) => `${index ? 'L' : 'M'}${x(index).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
    const area = `${line}L${x(points.length - 1).toFixed(1)},${y(min)}L${x(0).toFixed(1)},${y(min)}Z`;
    marks = [svg('path', { class: 'area', d: area }), svg('path', { class: 'line', d: line })];
  }
  render(element, grid, labels, marks);
}
