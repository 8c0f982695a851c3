import { strict as assert } from 'node:assert';
import { sizedClasses } from '../../../src/assistants/react/stylesheet-sizes';

/** What a stylesheet says about the boxes of its classes, as the image rule reads it. */
describe('classes a stylesheet sizes', () => {
  it('reads plain, nested, listed and split blocks', () => {
    const css = [
      '.a { width: 20px; height: 20px; }',
      '.outer { .b { width: @size; height: @size } }',
      '.c, .list .d { aspect-ratio: 1; }',
      '.e { width: 10px } .e { height: 10px }',
      'img.f { width: 1rem; height: 1rem !important; }',
    ].join('\n');
    assert.deepEqual([...sizedClasses(css)].sort(), ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('leaves out percentages, auto, states, media queries and comments', () => {
    const css = [
      '.pct { width: 100%; height: 100%; }',
      '.auto { width: 20px; height: auto; }',
      '.hover:hover { width: 20px; height: 20px; }',
      '.parent { &.active { width: 20px; height: 20px; } }',
      '@media (min-width: 1px) { .wide { width: 20px; height: 20px; } }',
      '/* .commented { width: 20px; height: 20px; } */',
      '// .line { width: 20px; height: 20px; }',
      '.bg { background: url(http://example.test/x.png); width: 2px; }',
    ].join('\n');
    assert.deepEqual([...sizedClasses(css)], []);
  });

  it('survives text that is not a stylesheet', () => {
    assert.deepEqual([...sizedClasses('}}} {{ width: ; .x {')], []);
    assert.deepEqual([...sizedClasses('')], []);
  });
});
