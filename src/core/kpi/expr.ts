import { quoteLiteral } from '../dialect.js';

/** A boolean or value expression over one source's columns, compiled to portable SQL. */
export type Expr =
  /** `business` names the business-hours twin of a duration column, used with `--hours business`. */
  | { op: 'col'; name: string; business?: string }
  | { op: 'lit'; value: string | number | boolean }
  | { op: 'cmp'; cmp: '=' | '<>' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr }
  | { op: 'in'; expr: Expr; values: readonly (string | number)[] }
  | { op: 'and' | 'or'; items: readonly Expr[] }
  | { op: 'not'; expr: Expr }
  | { op: 'isNull' | 'isNotNull'; expr: Expr };

type Operand = Expr | string | number | boolean;

const asExpr = (value: Operand): Expr => (typeof value === 'object' ? value : { op: 'lit', value });

export const col = (name: string, twin?: { business: string }): Expr =>
  twin ? { op: 'col', name, business: twin.business } : { op: 'col', name };
export const lit = (value: string | number | boolean): Expr => ({ op: 'lit', value });
export const eq = (left: Expr, right: Operand): Expr => ({ op: 'cmp', cmp: '=', left, right: asExpr(right) });
export const gt = (left: Expr, right: Operand): Expr => ({ op: 'cmp', cmp: '>', left, right: asExpr(right) });
export const gte = (left: Expr, right: Operand): Expr => ({
  op: 'cmp',
  cmp: '>=',
  left,
  right: asExpr(right),
});
export const lte = (left: Expr, right: Operand): Expr => ({
  op: 'cmp',
  cmp: '<=',
  left,
  right: asExpr(right),
});
export const isIn = (expr: Expr, values: readonly (string | number)[]): Expr => ({ op: 'in', expr, values });
export const and = (...items: Expr[]): Expr => ({ op: 'and', items });
export const or = (...items: Expr[]): Expr => ({ op: 'or', items });
export const not = (expr: Expr): Expr => ({ op: 'not', expr });
export const isNull = (expr: Expr): Expr => ({ op: 'isNull', expr });
export const isNotNull = (expr: Expr): Expr => ({ op: 'isNotNull', expr });
/** A boolean column that is true (NULL counts as not true). */
export const isTrue = (name: string): Expr => eq(col(name), true);

function literal(value: string | number | boolean): string {
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/** `resolveColumn` maps a column to its SQL (so hours mode and aliases can pick the real column). */
export function exprSql(
  expr: Expr,
  resolveColumn: (column: Extract<Expr, { op: 'col' }>) => string = (c) => c.name,
): string {
  const sql = (e: Expr) => exprSql(e, resolveColumn);
  switch (expr.op) {
    case 'col':
      return resolveColumn(expr);
    case 'lit':
      return literal(expr.value);
    case 'cmp':
      return `(${sql(expr.left)} ${expr.cmp} ${sql(expr.right)})`;
    case 'in':
      return expr.values.length === 0
        ? 'FALSE'
        : `(${sql(expr.expr)} IN (${expr.values.map(literal).join(', ')}))`;
    case 'and':
      return expr.items.length === 0 ? 'TRUE' : `(${expr.items.map(sql).join(' AND ')})`;
    case 'or':
      return expr.items.length === 0 ? 'FALSE' : `(${expr.items.map(sql).join(' OR ')})`;
    case 'not':
      return `(NOT ${sql(expr.expr)})`;
    case 'isNull':
      return `(${sql(expr.expr)} IS NULL)`;
    case 'isNotNull':
      return `(${sql(expr.expr)} IS NOT NULL)`;
    default: {
      const unreachable: never = expr;
      throw new Error(`unknown expression: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Human-readable form, for the generated glossary. */
export function exprText(expr: Expr): string {
  switch (expr.op) {
    case 'col':
      return expr.business ? `${expr.name} (${expr.business} in business hours)` : expr.name;
    case 'lit':
      return typeof expr.value === 'string' ? `'${expr.value}'` : String(expr.value);
    case 'cmp':
      return `${exprText(expr.left)} ${expr.cmp} ${exprText(expr.right)}`;
    case 'in':
      return `${exprText(expr.expr)} in (${expr.values.join(', ')})`;
    case 'and':
    case 'or':
      return expr.items
        .map((i) => (i.op === 'and' || i.op === 'or' ? `(${exprText(i)})` : exprText(i)))
        .join(` ${expr.op} `);
    case 'not':
      return `not (${exprText(expr.expr)})`;
    case 'isNull':
      return `${exprText(expr.expr)} is empty`;
    case 'isNotNull':
      return `${exprText(expr.expr)} is set`;
    default: {
      const unreachable: never = expr;
      throw new Error(`unknown expression: ${JSON.stringify(unreachable)}`);
    }
  }
}
