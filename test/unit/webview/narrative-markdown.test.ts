import { strict as assert } from 'node:assert';
import { parseHostMessage } from '../../../src/roadmap/messages';
import { parseInline, parseNarrative } from '../../../webview-ui/src/narrative-markdown';

describe('roadmap narrative: the safe Markdown subset (webview-ui/src/narrative-markdown.ts)', () => {
  it('reads headings, paragraphs, bullet and numbered lists', () => {
    const blocks = parseNarrative(
      [
        '## Where to start',
        'The **quick wins** come first:',
        'they are cheap.',
        '',
        '- pin `replicas` out of the Deployment',
        '- add an index',
        '  on orders(customer_id)',
        '1. then the cache',
        '2. then the split',
      ].join('\n'),
    );
    assert.deepEqual(
      blocks.map((b) => b.kind),
      ['heading', 'paragraph', 'list', 'list'],
    );
    assert.deepEqual(blocks[1], {
      kind: 'paragraph',
      inline: [
        { kind: 'text', text: 'The ' },
        { kind: 'strong', text: 'quick wins' },
        { kind: 'text', text: ' come first: they are cheap.' },
      ],
    });
    const bullets = blocks[2];
    assert.ok(bullets.kind === 'list' && !bullets.ordered);
    assert.equal(bullets.items.length, 2);
    assert.deepEqual(bullets.items[0][1], { kind: 'code', text: 'replicas' });
    assert.equal(bullets.items[1].map((i) => i.text).join(''), 'add an index on orders(customer_id)');
    assert.ok(blocks[3].kind === 'list' && blocks[3].ordered && blocks[3].items.length === 2);
  });

  it('leaves HTML, links and images as literal text', () => {
    const text = '<img src=x onerror=alert(1)> [click](command:workbench.action.quit) ![i](http://x/y.png)';
    const inline = parseInline(text);
    assert.deepEqual(inline, [{ kind: 'text', text }]);
    const blocks = parseNarrative(`<script>alert(1)</script>\n\n${text}`);
    assert.ok(blocks.every((b) => b.kind === 'paragraph'));
    assert.equal(
      JSON.stringify(blocks).includes('<script>alert(1)</script>'),
      true,
      'kept as text, not dropped or interpreted',
    );
  });

  it('bounds a runaway answer', () => {
    assert.ok(parseNarrative('para\n\n'.repeat(5000)).length <= 400);
  });
});

describe('roadmap messages: narrativeBusy', () => {
  it('is validated like every host message', () => {
    assert.deepEqual(parseHostMessage({ type: 'narrativeBusy', busy: true }), {
      ok: true,
      value: { type: 'narrativeBusy', busy: true },
    });
    assert.equal(parseHostMessage({ type: 'narrativeBusy', busy: 'yes' }).ok, false);
    assert.equal(parseHostMessage({ type: 'narrativeBusy' }).ok, false);
  });
});
