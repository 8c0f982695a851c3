/**
 * What-if by drag and drop: files and folders are dragged from the what-if table and the services' file lists and
 * dropped on a service, on the map or in the list of services. The drag carries only the path, under a type of
 * our own; the drop asks `onDrop`, which checks it against the plan shown. The pickers stay the keyboard's way.
 */
const PATH_TYPE = 'application/x-scaling-assistant-path';

/** Lets `element` be dragged as `path`. */
export function draggablePath(element: Element, path: string): void {
  element.setAttribute('draggable', 'true');
  element.classList.add('draggable');
  element.addEventListener('dragstart', (event) => {
    const transfer = (event as DragEvent).dataTransfer;
    if (!transfer) return;
    transfer.setData(PATH_TYPE, path);
    transfer.setData('text/plain', path);
    transfer.effectAllowed = 'move';
  });
}

export interface DropHandlers {
  /** While a path is dragged over the target (to say where it would go). */
  over(service: string): void;
  /** A path was dropped on the target. */
  drop(path: string, service: string): void;
}

/** Makes `element` a drop target standing for `service`; marked with `drop-target` while a path is over it. */
export function serviceDropTarget(element: Element, service: string, handlers: DropHandlers): void {
  let depth = 0;
  const carriesPath = (event: Event) => (event as DragEvent).dataTransfer?.types.includes(PATH_TYPE) ?? false;
  element.addEventListener('dragenter', (event) => {
    if (!carriesPath(event)) return;
    event.preventDefault();
    // dragenter and dragleave fire for each child too: the mark stays until the pointer leaves the target itself.
    if (depth++ === 0) {
      element.classList.add('drop-target');
      handlers.over(service);
    }
  });
  element.addEventListener('dragover', (event) => {
    if (!carriesPath(event)) return;
    event.preventDefault();
    const transfer = (event as DragEvent).dataTransfer;
    if (transfer) transfer.dropEffect = 'move';
  });
  element.addEventListener('dragleave', (event) => {
    if (!carriesPath(event)) return;
    if (--depth <= 0) {
      depth = 0;
      element.classList.remove('drop-target');
    }
  });
  element.addEventListener('drop', (event) => {
    if (!carriesPath(event)) return;
    event.preventDefault();
    depth = 0;
    element.classList.remove('drop-target');
    const path = (event as DragEvent).dataTransfer?.getData(PATH_TYPE);
    if (path) handlers.drop(path, service);
  });
}
