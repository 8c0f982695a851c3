import type { Workspace, WorkspaceFile } from '../../core/workspace';
import { folderOfPath } from '../../core/workspace-paths';

/** What the project around a file is built with, beyond what the file itself imports. */
export interface ProjectFramework {
  /**
   * The file that makes it a Next.js project (its nearest package.json declaring `next`, or a `next.config.*` in a
   * folder above it), workspace-relative as the workspace names it; absent when it is not one.
   */
  next?: string;
  /**
   * The package.json that makes it a React Native app (it declares `react-native` or `expo`, and not
   * `react-native-web`): the app's JavaScript ships as one bundle installed with the app, so nothing is downloaded
   * when a component first renders. Absent when it is not one, or when the app also builds for the web.
   */
  native?: string;
}

/** Files that tell the framework: package.json and Next's config. */
const FRAMEWORK_FILE = /(?:^|[\\/])(?:package\.json|next\.config\.[cm]?[jt]s)$/;
const IN_NODE_MODULES = /(?:^|[\\/])node_modules[\\/]/;
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** What a package.json declares, by file and stamp: read once per change, not once per analysis. */
const declared = new Map<string, { stamp: string; next: boolean; native: boolean }>();

/**
 * The framework of the project `file` belongs to, read from the workspace: a file that imports nothing from
 * `next/…` is still a Next.js project's (its components, its pages' children) when its nearest package.json
 * declares `next` or a `next.config.*` sits in a folder above it. A package.json that cannot be read or parsed
 * says nothing.
 */
export async function projectFramework(file: string, workspace: Workspace | undefined): Promise<ProjectFramework> {
  if (!workspace) return {};
  const byDir = new Map<string, { packageJson?: WorkspaceFile; nextConfig?: string }>();
  for (const entry of await workspace.files(FRAMEWORK_FILE)) {
    if (IN_NODE_MODULES.test(entry.file)) continue;
    const dir = folderOfPath(entry.file);
    const here = byDir.get(dir) ?? {};
    if (/package\.json$/.test(entry.file)) here.packageJson = entry;
    else here.nextConfig = entry.file;
    byDir.set(dir, here);
  }
  let nearestPackageRead = false;
  for (let dir = folderOfPath(file); ; dir = folderOfPath(dir)) {
    const here = byDir.get(dir);
    if (here?.nextConfig) return { next: here.nextConfig };
    if (here?.packageJson && !nearestPackageRead) {
      nearestPackageRead = true;
      const declares = await declarations(here.packageJson);
      if (declares.next) return { next: here.packageJson.file };
      if (declares.native) return { native: here.packageJson.file };
    }
    if (!dir) return {};
  }
}

async function declarations(entry: WorkspaceFile): Promise<{ next: boolean; native: boolean }> {
  const cached = declared.get(entry.file);
  if (cached?.stamp === entry.stamp) return cached;
  const text = await entry.read().catch(() => undefined);
  let names = new Set<string>();
  try {
    const json = JSON.parse(text ?? '') as Record<string, unknown>;
    names = new Set(
      DEPENDENCY_FIELDS.flatMap((field) => {
        const deps = json[field];
        return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
      }),
    );
  } catch {
    // Not JSON (being edited): no framework from it.
  }
  const found = {
    stamp: entry.stamp,
    next: names.has('next'),
    // Expo and React Native for the web bundle for the browser too, where code splitting does download on demand.
    native: (names.has('react-native') || names.has('expo')) && !names.has('react-native-web'),
  };
  declared.set(entry.file, found);
  return found;
}

/** The folder of a workspace path (either separator), '' at the top. */
