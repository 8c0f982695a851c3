import type { ReactRule } from '../rule';

/**
 * A component the React Compiler bails out on, in a project that builds with it: the plugin's own reason, on
 * the component's name, so the one component that is not memoised automatically is visible where it is written.
 */
export const compilerBailout: ReactRule = {
  id: 'compiler-bailout',
  assistant: 'react',
  title: 'The React Compiler does not compile this component',
  defaultSeverity: 'info',
  impact: 'low',
  effort: 'small',
  roadmap: {
    task: 'Make {count} component(s) compile with the React Compiler',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation:
      'Each bail-out names a rule of React the component breaks (props or state mutated, a ref read during render, a hook called conditionally); fixing it is fixing a latent bug. Check with the React Profiler that the component stops re-rendering on unrelated updates.',
    skills: ['React'],
  },
  docs: `
## Why it matters

When a project builds with the React Compiler (\`babel-plugin-react-compiler\` in a Babel or Vite config, Next's
\`reactCompiler\`), the compiler memoises every component it can: the values created in render, the JSX, the
callbacks. A component it cannot prove safe is left exactly as written: no memoisation at all. That component
re-renders its children on every render and passes them new objects and functions, while the rest of the app
does not, and nothing in the build says so.

The finding carries the compiler's own reason (a mutated prop, a ref read during render, a hook called
conditionally, a syntax it does not support yet) and the place it stopped. It is reported only when the
compiler actually ran on the file: the plugin and \`@babel/core\` installed in the workspace, run on a worker
thread with the project's \`compilationMode\`. Without them, components are assumed to compile.

How much the missing memoisation costs depends on how often the component renders and how large its subtree
is: a bail-out in a list row or near the root matters, one in a settings dialog rarely does.

## How to fix it

Fix what the reason names: most bail-outs are a rule of React the component breaks (it mutates its props or
state, reads \`ref.current\` while rendering, calls a hook conditionally), and fixing them is fixing a latent
bug. Until then, the manual-memoisation findings (unstable props to memoised children, context values) stay
reported for this component, with the reason attached.

## When to ignore it

When the component is cheap and renders rarely. Adding \`"use no memo"\` makes the opt-out explicit and
silences this finding.
`,
  check({ model, edits, report, compiler }) {
    if (!compiler || compiler.assumed) return;
    for (const [def, state] of compiler.components) {
      if (state.state !== 'bailed') continue;
      report({
        range: edits.lines.rangeOf(def.start, def.end),
        message: `The React Compiler does not compile ${def.name}: ${state.reason}. It keeps no memoisation, so it re-renders its children and re-creates its values on every render, unlike the compiled components around it.`,
        ...(state.at !== undefined
          ? {
              related: [
                {
                  file: model.file,
                  range: edits.lines.rangeOf(state.at, state.at),
                  message: 'where the compiler stopped',
                },
              ],
            }
          : {}),
      });
    }
  },
};
