/**
 * A small JSON Schema validator for the subset our tool schemas use (type, properties, required,
 * additionalProperties: false, items, enum, minimum/maximum, minLength/maxLength, maxItems). The same schema
 * object is sent to Claude as the tool's `input_schema` and checked here, so what Claude is asked for and
 * what we accept cannot drift. Kept dependency-free: the AI chunk does not need ajv at run time.
 */

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: readonly (string | number)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}

/** The first few problems, each with its JSON path (`findings[2].location.line: expected an integer`). */
export function validate(value: unknown, schema: JsonSchema, path = '', problems: string[] = []): string[] {
  if (problems.length >= 5) return problems;
  const where = path || '(root)';
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${where}: expected an object`);
        return problems;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (record[key] === undefined) problems.push(`${join(path, key)}: missing`);
      }
      for (const [key, item] of Object.entries(record)) {
        const property = schema.properties?.[key];
        if (!property) {
          if (schema.additionalProperties === false) problems.push(`${join(path, key)}: not allowed`);
          continue;
        }
        if (item !== undefined) validate(item, property, join(path, key), problems);
      }
      return problems;
    }
    case 'array': {
      if (!Array.isArray(value)) {
        problems.push(`${where}: expected an array`);
        return problems;
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        problems.push(`${where}: more than ${schema.maxItems} items`);
      if (schema.items)
        value.forEach((item, i) => validate(item, schema.items as JsonSchema, `${path}[${i}]`, problems));
      return problems;
    }
    case 'string':
      if (typeof value !== 'string') problems.push(`${where}: expected a string`);
      else if (schema.minLength !== undefined && value.length < schema.minLength)
        problems.push(`${where}: shorter than ${schema.minLength}`);
      else if (schema.maxLength !== undefined && value.length > schema.maxLength)
        problems.push(`${where}: longer than ${schema.maxLength}`);
      else if (schema.enum && !schema.enum.includes(value))
        problems.push(`${where}: not one of ${schema.enum.join(', ')}`);
      return problems;
    case 'integer':
    case 'number':
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (schema.type === 'integer' && !Number.isInteger(value))
      ) {
        problems.push(`${where}: expected ${schema.type === 'integer' ? 'an integer' : 'a number'}`);
      } else if (schema.minimum !== undefined && value < schema.minimum)
        problems.push(`${where}: below ${schema.minimum}`);
      else if (schema.maximum !== undefined && value > schema.maximum)
        problems.push(`${where}: above ${schema.maximum}`);
      return problems;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${where}: expected true or false`);
      return problems;
    default:
      return problems;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
