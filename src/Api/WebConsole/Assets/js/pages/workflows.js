import { h, fill } from '../dom.js';

export async function render(main) {
  fill(main, h('h1', {}, 'workflows'));
  return null;
}
