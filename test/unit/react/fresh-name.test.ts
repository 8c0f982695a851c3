import { strict as assert } from 'node:assert';
import { wordIn } from '../../../src/assistants/react/edits';

/**
 * freshName asks whether a name is a word of the file per name, instead of collecting every word into a set: the
 * answer must be the set's, on texts made of the characters where words start, go on and break.
 */
describe('wordIn', () => {
  const words = (text: string) => new Set(text.match(/[A-Za-z_$][\w$]*/g));

  it('answers as the set of the words /[A-Za-z_$][\\w$]*/g finds', () => {
    const texts = [
      'a 9name x',
      'x9name',
      'name',
      'name2 name',
      '$name_ foo',
      'café name',
      '12name',
      'a.name.b',
      'namename',
    ];
    // A fixed sequence (a linear congruential generator), so a failure is the same on every run.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = 'na me9_$.é1xN';
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let length = next(14); length > 0; length--) text += alphabet[next(alphabet.length)];
      texts.push(text);
    }
    for (const text of texts)
      for (const name of ['name', 'na', 'n', 'me', '$', '_n', 'x9', 'a-b'])
        assert.equal(wordIn(text, name), words(text).has(name), `${JSON.stringify(text)} ${name}`);
  });

  it('finds a name between other words and not inside one', () => {
    assert.equal(wordIn('const cardStyle = 1;', 'cardStyle'), true);
    assert.equal(wordIn('const cardStyle2 = 1;', 'cardStyle'), false);
    assert.equal(wordIn('x.mycardStyle', 'cardStyle'), false);
    assert.equal(wordIn('0cardStyle', 'cardStyle'), true);
  });
});
