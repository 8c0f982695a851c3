import { strict as assert } from 'node:assert';
import { renderChart } from '../../../src/assistants/k8s/helm/chart';
import type { ChartRender } from '../../../src/assistants/k8s/helm/chart';
import { printf } from '../../../src/assistants/k8s/helm/printf';
import { semverCompare } from '../../../src/assistants/k8s/helm/semver';
import { parseTemplate } from '../../../src/assistants/k8s/helm/template-parse';

/**
 * The Go text/template subset Helm charts are written in, rendered the way `helm template` renders them: each
 * case is a small chart of our own, its expected output worked out from Go's and Sprig's documented behaviour.
 */

const CHART = 'apiVersion: v2\nname: shop\nversion: 1.2.3\nappVersion: "4.5"\n';

function chart(files: Record<string, string>, clusterVersion = '1.30'): ChartRender {
  const all: Record<string, string> = { 'Chart.yaml': CHART, 'values.yaml': '', ...files };
  return renderChart('', { files: Object.keys(all), text: (f) => all[f], clusterVersion });
}

/** The rendered text of templates/t.yaml. */
function render(template: string, values = '', extra: Record<string, string> = {}): string {
  const result = chart({ 'templates/t.yaml': template, 'values.yaml': values, ...extra });
  const t = result.templates.find((r) => r.file === 'templates/t.yaml');
  if (!t?.output) throw new Error(t?.error?.message ?? 'not rendered');
  return t.output.toString();
}

function failure(template: string, values = '', extra: Record<string, string> = {}): string {
  const result = chart({ 'templates/t.yaml': template, 'values.yaml': values, ...extra });
  const t = result.templates.find((r) => r.file === 'templates/t.yaml');
  assert.ok(t?.error, `expected a failure, rendered ${t?.output?.toString()}`);
  return t.error.message;
}

describe('Helm template rendering', () => {
  describe('actions', () => {
    it('trims white space on the side of a dash, and only there', () => {
      assert.equal(render('a:\n  {{- " x" }}\nb: {{ 1 -}}\n\n  c'), 'a: x\nb: 1c');
    });

    it('comments render nothing, with or without trimming', () => {
      assert.equal(render('a{{/* note */}}b {{- /* trimmed */ -}} c'), 'abc');
    });

    it('pipelines pass the value as the last argument', () => {
      assert.equal(render('{{ 2 | printf "%s-%d" "shop" }}'), 'shop-2');
      assert.equal(render('{{ .Values.name | default "web" | upper | quote }}'), '"WEB"');
      assert.equal(render('{{ "a-b-c" | splitList "-" | join "+" }}'), 'a+b+c');
    });

    it('variables: declared, assigned, and $ as the root', () => {
      assert.equal(render('{{ $x := 1 }}{{ $x = add $x 2 }}{{ $x }} {{ $.Chart.Name }}'), '3 shop');
    });

    it('if / else if / else', () => {
      const t = '{{ if eq .Values.n 1 }}one{{ else if gt .Values.n 1 }}many{{ else }}none{{ end }}';
      assert.equal(render(t, 'n: 1'), 'one');
      assert.equal(render(t, 'n: 5'), 'many');
      assert.equal(render(t, 'n: 0'), 'none');
    });

    it('range over a list with index and value, over a map in key order, and else when empty', () => {
      assert.equal(render('{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ end }}', 'l: [a, b]'), '0=a;1=b;');
      assert.equal(render('{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}', 'm: {z: 1, a: 2}'), 'a=2;z=1;');
      assert.equal(render('{{ range .Values.l }}x{{ else }}empty{{ end }}', 'l: []'), 'empty');
      assert.equal(
        render('{{ range .Values.l }}{{ if eq . 2 }}{{ break }}{{ end }}{{ . }}{{ end }}', 'l: [1, 2, 3]'),
        '1',
      );
    });

    it('with rebinds the dot, and is skipped when empty', () => {
      assert.equal(render('{{ with .Values.a }}{{ .b }}{{ else }}none{{ end }}', 'a: {b: 7}'), '7');
      assert.equal(render('{{ with .Values.a }}{{ .b }}{{ else }}none{{ end }}', 'a: {}'), 'none');
    });

    it('define, include, template and block share one set of names across files', () => {
      const helpers =
        '{{- define "shop.name" -}}{{ .Chart.Name }}-x{{- end -}}{{ define "shop.arg" }}[{{ . }}]{{ end }}';
      assert.equal(
        render('{{ include "shop.name" . }} {{ template "shop.arg" 3 }} {{ block "shop.b" . }}default{{ end }}', '', {
          'templates/_helpers.tpl': helpers,
        }),
        'shop-x [3] default',
      );
    });

    it('a template file is a named template too (checksum annotations include it)', () => {
      const out = render('{{ include (print $.Template.BasePath "/config.yaml") . | sha256sum | len }}', '', {
        'templates/config.yaml': 'kind: ConfigMap',
      });
      assert.equal(out, '64');
    });
  });

  describe("Helm's objects", () => {
    it('.Values, .Chart, .Release, .Template', () => {
      assert.equal(
        render(
          '{{ .Values.a.b }} {{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Release.Name }} {{ .Release.Namespace }} {{ .Template.Name }}',
          'a: {b: x}',
        ),
        'x shop 1.2.3 4.5 release default shop/templates/t.yaml',
      );
    });

    it('.Capabilities: the assumed cluster version and the API versions it serves', () => {
      const t =
        '{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.APIVersions.Has "policy/v1" }} {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }} {{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version }}';
      assert.equal(render(t), 'v1.30.0 true false true');
      const old = chart({ 'templates/t.yaml': t }, '1.20').templates[0].output?.toString();
      assert.equal(old, 'v1.20.0 false false false');
    });

    it('.Files.Get and .Files.Glob read the chart files', () => {
      assert.equal(
        render('{{ .Files.Get "conf/app.ini" | trim }}', '', { 'conf/app.ini': 'mode = shop\n' }),
        'mode = shop',
      );
      assert.equal(
        render('{{ range $path, $_ := .Files.Glob "conf/*.ini" }}{{ $path }} {{ end }}', '', {
          'conf/a.ini': '',
          'conf/b.ini': '',
        }),
        'conf/a.ini conf/b.ini ',
      );
    });

    it('a vendored subchart sees its own values overlaid by the parent section and the globals', () => {
      const result = chart({
        'values.yaml': 'cache: {size: 2}\nglobal: {region: eu}',
        'charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
        'charts/cache/values.yaml': 'size: 1\nport: 6379\n',
        'charts/cache/templates/t.yaml':
          '{{ .Values.size }} {{ .Values.port }} {{ .Values.global.region }} {{ .Chart.Name }}',
      });
      assert.equal(
        result.templates.find((t) => t.file === 'charts/cache/templates/t.yaml')?.output?.toString(),
        '2 6379 eu cache',
      );
    });
  });

  describe('functions', () => {
    const cases: [string, string, string?][] = [
      ['{{ "x" | quote }} {{ "x" | squote }}', '"x" \'x\''],
      ['{{ toYaml .Values.m }}', 'a: 1\nb:\n- x\n- "y: z"', 'm: {b: [x, "y: z"], a: 1}'],
      ['{{ toJson .Values.m }}', '{"a":1,"b":[true]}', 'm: {b: [true], a: 1}'],
      ['{{ (fromYaml "a: 1").a }}', '1'],
      ['x:{{ "a\\nb" | indent 2 }}|{{ "a" | nindent 2 }}', 'x:  a\n  b|\n  a'],
      ['{{ tpl "{{ .Values.n }}!" . }}', '3!', 'n: 3'],
      ['{{ printf "%s-%d-%v-%q" "a" 2 true "q" }}', 'a-2-true-"q"'],
      [
        '{{ trunc 3 "abcdef" }} {{ trunc -2 "abcdef" }} {{ trimSuffix "-" "ab-" }} {{ trimPrefix "v" "v1" }}',
        'abc ef ab 1',
      ],
      ['{{ replace "a" "b" "aa" }} {{ lower "A" }} {{ upper "a" }} {{ title "hello world" }}', 'bb a A Hello World'],
      [
        '{{ empty "" }} {{ empty 0 }} {{ empty .Values.none }} {{ coalesce "" 0 "x" }} {{ ternary "y" "n" true }}',
        'true true true x y',
      ],
      [
        '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ hasKey $d "b" }} {{ get $d "a" }} {{ keys $d | join "," }} {{ len (list 1 2 3) }}',
        'true 1 a,b 3',
      ],
      [
        '{{ $m := merge (dict "a" 1) (dict "a" 2 "b" 3) }}{{ $m.a }}{{ $m.b }} {{ (mergeOverwrite (dict "a" 1) (dict "a" 2)).a }}',
        '13 2',
      ],
      [
        '{{ and 1 0 }} {{ or 0 "x" }} {{ not true }} {{ ne 1 2 }} {{ lt 1 2 }} {{ ge 2 2 }}',
        '0 x false true true true',
      ],
      ['{{ index .Values.m "k" }} {{ index .Values.l 1 }}', 'v b', 'm: {k: v}\nl: [a, b]'],
      ['{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "lo" "hello" }}', 'true true true'],
      ['{{ b64enc "shop" }} {{ sha256sum "" | trunc 8 }}', 'c2hvcA== e3b0c442'],
      ['{{ int "42" }} {{ int64 3.9 }} {{ float64 "1.5" }} {{ toString 7 }}', '42 3 1.5 7'],
      ['{{ regexReplaceAll "([a-z]+)-(\\\\d+)" "web-12" "${2}:${1}" }}', '12:web'],
      ['{{ list "a" "b" "a" | uniq | join "," }}', 'a,b'],
      ['{{ (lookup "v1" "Secret" "default" "x") | len }}', '0'],
    ];
    for (const [template, expected, values] of cases)
      it(template, () => {
        assert.equal(render(template, values ?? ''), expected);
      });
  });

  describe('failures say why, and never hang', () => {
    it('fail and required: the chart own words', () => {
      assert.match(failure('{{ fail "set the password" }}'), /the chart fails: set the password/);
      assert.match(failure('{{ required "a.b is required" .Values.a.b }}', 'a: {}'), /a.b is required/);
    });

    it('a field of a missing map, as Go refuses it; a parenthesised pipeline reads as nothing', () => {
      assert.match(failure('{{ .Values.a.b }}'), /nil pointer evaluating interface \{\}\.b/);
      assert.equal(render('x{{ (.Values.a).b }}'), 'x');
    });

    it('an unknown function is named', () => {
      assert.match(failure('{{ frobnicate 1 }}'), /uses frobnicate, which this renderer lacks/);
    });

    it('an include that calls itself stops at the depth budget', () => {
      assert.match(
        failure('{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}'),
        /nested deeper than/,
      );
    });

    it('a range of a huge count stops at the step budget', () => {
      assert.match(
        failure('{{ range until 100000 }}{{ range until 100000 }}x{{ end }}{{ end }}'),
        /budget exceeded|larger than/,
      );
    });

    it('an include of a dependency that is not vendored names the dependency', () => {
      const message = failure('{{ include "common.names.fullname" . }}', '', {
        'Chart.yaml': `${CHART}dependencies:\n  - name: common\n    version: 2.x\n    repository: oci://example/charts\n`,
      });
      assert.match(message, /needs chart dependency `common` \(not vendored: run helm dependency build\)/);
    });

    it('syntax errors are failures of their template, with the offset', () => {
      assert.throws(() => parseTemplate('t.yaml', 'a {{ if .x }} b'), /unclosed \{\{if\}\}/);
      assert.match(failure('{{ end }}'), /template syntax error: unexpected \{\{end\}\}/);
    });
  });

  it('printf and semverCompare follow Go and Masterminds', () => {
    assert.equal(printf('%5s|%-3d|%03d|%.2f', ['ab', 7, 7, 1.234]), '   ab|7  |007|1.23');
    assert.equal(semverCompare('>= 1.23-0', 'v1.30.0'), true);
    assert.equal(semverCompare('<1.19', 'v1.30.0'), false);
    assert.equal(semverCompare('^1.2', '1.9.0'), true);
    assert.equal(semverCompare('~1.2', '1.3.0'), false);
  });

  it('semver, any and all as Sprig has them; the Helm version is a current Helm 3', () => {
    assert.equal(
      render(
        '{{ (semver "v2.11.3-rc.1").Major }}.{{ add1 (int (semver "2.11.3").Minor) }} {{ (semver "2.11.3-rc.1").Prerelease }}',
      ),
      '2.12 rc.1',
    );
    assert.match(failure('{{ (semver "latest").Major }}'), /semver: invalid version "latest"/);
    assert.equal(
      render('{{ any false "" 0 }} {{ any false "x" }} {{ all 1 "x" true }} {{ all 1 "" }}'),
      'false true true false',
    );
    assert.equal(render('{{ regexQuoteMeta "a.b*c[1]" }}'), 'a\\.b\\*c\\[1\\]');
    // A helper included with a dot that is nil (`.context` missing) reads every field as nothing, as Go does; a
    // chain through a map's missing key still stops.
    assert.equal(
      render('{{ define "v" }}[{{ .Capabilities.KubeVersion.Version }}]{{ end }}{{ include "v" .context }}'),
      '[]',
    );
    assert.match(failure('{{ .Values.a.b }}'), /nil pointer evaluating interface \{\}\.b/);
    // Charts refuse old Helms: `semverCompare "<v3.9.0" .Capabilities.HelmVersion.Version` then `fail`.
    assert.equal(
      render('{{ semverCompare "<v3.9.0" (.Capabilities.HelmVersion.Version | default "v3.0.0") }}'),
      'false',
    );
  });
});
