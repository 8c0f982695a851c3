import { strict as assert } from 'node:assert';
import { ASSISTANTS } from '../../../src/assistants/catalog';
import { USAGE } from '../../../src/cli/usage';

/** The usage text never promises an assistant the catalog does not have built, nor hides one it has. */
describe('cli usage text and the assistant catalog', () => {
  const built = ASSISTANTS.filter((a) => a.available);
  const notBuilt = ASSISTANTS.filter((a) => !a.available);
  const lines = USAGE.split('\n');

  /** The option's description: its first line and the continuation lines indented under it. */
  function optionLines(option: string): string[] {
    const first = lines.findIndex((l) => l.startsWith(`  ${option} `));
    assert.ok(first >= 0, `${option} is not described`);
    const rest = lines.slice(first + 1);
    return [
      lines[first],
      ...rest.slice(
        0,
        rest.findIndex((l) => !/^ {28}\S/.test(l)),
      ),
    ];
  }

  const optionText = (option: string) => optionLines(option).join(' ').replace(/\s+/g, ' ');

  /** Split at "Not built yet": what is claimed as built, and what is named as coming. */
  function claims(text: string): { built: string; coming: string } {
    const at = text.indexOf('Not built yet');
    return at < 0 ? { built: text, coming: '' } : { built: text.slice(0, at), coming: text.slice(at) };
  }

  const word = (id: string) => new RegExp(`(^|[^\\w-])${id}([^\\w-]|$)`);

  it('--assistant lists every built assistant id and claims none that is not built', () => {
    const { built: claimed, coming } = claims(optionText('--assistant'));
    for (const a of built) assert.match(claimed, word(a.id), `${a.id} missing from --assistant`);
    for (const a of notBuilt) {
      assert.doesNotMatch(claimed, word(a.id), `${a.id} is not built but --assistant offers it`);
      assert.match(coming, word(a.id), `${a.id} is accepted by --assistant: the text says it is not built yet`);
    }
  });

  it('the opening lines name the built assistants and say which are not built yet', () => {
    const about = lines.slice(1, lines.indexOf('Commands:')).join(' ');
    const { built: claimed, coming } = claims(about);
    for (const a of built) assert.ok(claimed.includes(a.displayName), `${a.displayName} not named`);
    for (const a of notBuilt) {
      assert.ok(!claimed.includes(a.displayName), `${a.displayName} claimed as built`);
      assert.ok(coming.includes(a.displayName), `${a.displayName} not named as not built yet`);
    }
    assert.doesNotMatch(USAGE, /as they land/);
  });

  it('wraps what it derives from the catalog within the width of the rest of the text', () => {
    const derived = [...lines.slice(0, lines.indexOf('Commands:')), ...optionLines('--assistant')];
    for (const line of derived) assert.ok(line.length <= 112, `${line.length} characters: ${line}`);
  });
});
