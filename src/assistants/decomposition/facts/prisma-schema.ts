/**
 * The models of a Prisma schema and the tables they map to: `model OrderItem { … @@map("order_items") }` is
 * reached in code as `prisma.orderItem` and stored in `order_items`; without `@@map` the table is the model's
 * name as written. Keyed by the client's delegate name (the model name with a lower-case first letter).
 */
export function prismaModels(text: string): Map<string, string> {
  const models = new Map<string, string>();
  const withoutComments = text.replace(/\/\/.*$/gm, '');
  const model = /^\s*model\s+(\w+)\s*\{([^}]*)\}/gm;
  for (let match = model.exec(withoutComments); match; match = model.exec(withoutComments)) {
    const [, name, body] = match;
    const mapped = /@@map\(\s*(?:name\s*:\s*)?"([^"]+)"\s*\)/.exec(body);
    models.set(name[0].toLowerCase() + name.slice(1), mapped ? mapped[1] : name);
  }
  return models;
}
