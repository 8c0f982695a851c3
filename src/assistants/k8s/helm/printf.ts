import { formatNumber, plain, printValue, toFloat, typeName } from './go-values';

/**
 * Go's `fmt.Sprintf` for the verbs charts use: %s %v %d %q %t %f %g %x %o %b %c %%, with flags, width and
 * precision. A verb without an argument, or an argument without a verb, is written as Go writes it.
 */
export function printf(format: string, args: readonly unknown[]): string {
  let next = 0;
  const verb = /%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])/g;
  const out = format.replace(
    verb,
    (match, flags: string, width: string | undefined, precision: string | undefined, v: string) => {
      if (v === '%') return '%';
      const w = width === '*' ? Number(plain(args[next++])) : width ? Number(width) : undefined;
      const p = precision === '*' ? Number(plain(args[next++])) : precision ? Number(precision) : undefined;
      if (next >= args.length) return `%!${v}(MISSING)`;
      const arg = plain(args[next++]);
      let text: string;
      switch (v) {
        case 's':
        case 'v':
          text = arg === null || arg === undefined ? (v === 's' ? '%!s(<nil>)' : '<nil>') : printValue(arg);
          if (p !== undefined && typeof arg === 'string') text = text.slice(0, p);
          break;
        case 'd':
          text = typeof arg === 'number' ? String(Math.trunc(arg)) : `%!d(${typeName(arg)}=${printValue(arg)})`;
          break;
        case 'q':
          text = JSON.stringify(printValue(arg));
          break;
        case 't':
          text = typeof arg === 'boolean' ? String(arg) : `%!t(${typeName(arg)}=${printValue(arg)})`;
          break;
        case 'f':
        case 'F':
          text = toFloat(arg).toFixed(p ?? 6);
          break;
        case 'g':
          text = p !== undefined ? String(Number(toFloat(arg).toPrecision(p))) : formatNumber(toFloat(arg));
          break;
        case 'e':
          text = toFloat(arg)
            .toExponential(p ?? 6)
            .replace(/e([+-])(\d)$/, 'e$10$2');
          break;
        case 'x':
        case 'X':
          text =
            typeof arg === 'number'
              ? Math.trunc(arg).toString(16)
              : Buffer.from(String(printValue(arg))).toString('hex');
          if (v === 'X') text = text.toUpperCase();
          break;
        case 'o':
          text = Math.trunc(toFloat(arg)).toString(8);
          break;
        case 'b':
          text = Math.trunc(toFloat(arg)).toString(2);
          break;
        case 'c':
          text = String.fromCodePoint(Math.trunc(toFloat(arg)));
          break;
        default:
          return `%!${v}(${typeName(arg)}=${printValue(arg)})`;
      }
      if (flags.includes('+') && /^\d/.test(text) && 'dfFge'.includes(v)) text = `+${text}`;
      if (w !== undefined && text.length < w) {
        if (flags.includes('-')) text = text.padEnd(w);
        else if (flags.includes('0') && 'dfFgexXob'.includes(v))
          text = text.startsWith('-') ? `-${text.slice(1).padStart(w - 1, '0')}` : text.padStart(w, '0');
        else text = text.padStart(w);
      }
      void match;
      return text;
    },
  );
  if (next < args.length)
    return `${out}%!(EXTRA ${args
      .slice(next)
      .map((a) => `${typeName(a)}=${printValue(a)}`)
      .join(', ')})`;
  return out;
}
