/** True when `file` is under `root` ('' is the workspace root); both use forward slashes. */
export function isUnder(file: string, root: string): boolean {
  const normal = file.replace(/\\/g, '/');
  return root === '' || normal === root || normal.startsWith(root.endsWith('/') ? root : `${root}/`);
}
