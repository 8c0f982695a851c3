/**
 * The global types a contract needs when TypeScript's own lib files are not beside the compiler (a bundle that
 * carries the compiler alone): the checker then still knows arrays, promises, dates and the common utility
 * types, so signatures print as written. Inferred types that go through other lib methods show as unknown.
 */
export const FALLBACK_LIB_NAME = '__contracts_lib__.d.ts';

export const FALLBACK_LIB = `
interface Object {}
interface Function { apply(this: Function, thisArg: any, args?: any): any; call(this: Function, thisArg: any, ...args: any[]): any; }
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments { length: number; [index: number]: any; }
interface String { readonly length: number; }
interface Number { toFixed(fractionDigits?: number): string; }
interface Boolean {}
interface Symbol {}
interface RegExp {}
interface Error { name: string; message: string; }
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; map<U>(f: (value: T, index: number) => U): U[]; }
interface Array<T> { length: number; [n: number]: T; map<U>(f: (value: T, index: number) => U): U[]; filter(f: (value: T, index: number) => unknown): T[]; push(...items: T[]): number; }
interface ArrayConstructor { isArray(arg: any): arg is any[]; }
declare var Array: ArrayConstructor;
interface PromiseLike<T> { then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2>; }
interface Promise<T> { then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2>; }
interface PromiseConstructor { new <T>(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: any) => void) => void): Promise<T>; all<T extends readonly unknown[] | []>(values: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }>; resolve<T>(value: T): Promise<Awaited<T>>; }
declare var Promise: PromiseConstructor;
declare type PromiseConstructorLike = new <T>(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: any) => void) => void) => PromiseLike<T>;
interface Date { getTime(): number; toISOString(): string; }
interface DateConstructor { new (value?: number | string | Date): Date; now(): number; }
declare var Date: DateConstructor;
interface Map<K, V> { get(key: K): V | undefined; set(key: K, value: V): this; has(key: K): boolean; readonly size: number; }
interface ReadonlyMap<K, V> { get(key: K): V | undefined; has(key: K): boolean; readonly size: number; }
interface MapConstructor { new <K = any, V = any>(entries?: readonly (readonly [K, V])[] | null): Map<K, V>; }
declare var Map: MapConstructor;
interface Set<T> { add(value: T): this; has(value: T): boolean; readonly size: number; }
interface ReadonlySet<T> { has(value: T): boolean; readonly size: number; }
interface SetConstructor { new <T = any>(values?: readonly T[] | null): Set<T>; }
declare var Set: SetConstructor;
interface JSON { parse(text: string): any; stringify(value: any): string; }
declare var JSON: JSON;
declare function Number(value?: any): number;
declare function String(value?: any): string;
declare function Boolean(value?: any): boolean;
type Awaited<T> = T extends null | undefined ? T : T extends object & { then(onfulfilled: infer F, ...args: infer _): any } ? F extends (value: infer V, ...args: infer _) => any ? Awaited<V> : never : T;
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
type ReturnType<T extends (...args: any) => any> = T extends (...args: any) => infer R ? R : any;
`;
