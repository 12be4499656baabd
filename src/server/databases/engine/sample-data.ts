// The sample shop every new user can explore: schema, comments and a few thousand rows,
// generated here from a fixed seed, so every installation gets the same data without
// shipping a data file. Names come from small lists; e-mail addresses use example.com.
import {
  ADJECTIVES,
  BASE_PRICE,
  CARRIERS,
  CATEGORIES,
  FIRST,
  LAST,
  METHODS,
  MONTHLY_REVENUE_SQL,
  NOTES,
  PLACES,
  SAMPLE_SCHEMA_SQL,
} from "./sample-content";

/** Bump when the schema or data change: existing sample databases are then rebuilt. */
export const SAMPLE_VERSION = 1;

const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2024, 11, 31);
const DAY = 86_400_000;

/** mulberry32: tiny, fast and the same on every platform. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, int, pick };
}

type Literal = string | number | boolean | null;
const lit = (v: Literal) => (v === null ? "NULL" : typeof v === "string" ? `'${v.replaceAll("'", "''")}'` : String(v));
const ts = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "+00");
const money = (n: number) => n.toFixed(2);

function insert(table: string, columns: string[], rows: Literal[][]): string {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 1_000) {
    const values = rows.slice(i, i + 1_000).map((r) => `(${r.map(lit).join(",")})`);
    out.push(`INSERT INTO shop.${table} (${columns.join(", ")}) VALUES\n${values.join(",\n")};`);
  }
  return out.join("\n");
}

export type SampleBuild = { sql: string; counts: Record<string, number> };

/** The whole sample as one SQL script (one transaction), and how many rows each table gets. */
export function buildSampleSql(seed = 16): SampleBuild {
  const r = prng(seed);
  const categories: Literal[][] = [];
  const parents = [...new Set(CATEGORIES.map(([p]) => p))];
  parents.forEach((p, i) => categories.push([i + 1, p, null, `Everything in ${p.toLowerCase()}.`]));
  CATEGORIES.forEach(([p, name], i) => categories.push([parents.length + i + 1, name, parents.indexOf(p) + 1, null]));

  const products: Literal[][] = [];
  const prices: number[] = [0];
  for (let id = 1; id <= 160; id++) {
    const ci = r.int(0, CATEGORIES.length - 1);
    const [parent, , nouns] = CATEGORIES[ci] ?? CATEGORIES[0]!;
    const price = Math.max(2, Math.round((BASE_PRICE[parent] ?? 30) * (0.3 + r.next() * 2.2))) - 0.01;
    prices.push(price);
    const created = START - 200 * DAY + r.int(0, 560) * DAY;
    products.push([
      id,
      `SKU-${String(id).padStart(5, "0")}`,
      `${r.pick(ADJECTIVES)} ${r.pick(nouns)}`,
      parents.length + ci + 1,
      money(price),
      money(price * (0.5 + r.next() * 0.25)),
      r.int(0, 400),
      r.next() > 0.08,
      ts(created),
    ]);
  }

  const customers: Literal[][] = [];
  const customerInfo: { country: string; since: number }[] = [{ country: "US", since: START }];
  for (let id = 1; id <= 600; id++) {
    const [first, last] = [r.pick(FIRST), r.pick(LAST)];
    const [country, cities] = r.pick(PLACES);
    const since = START - 365 * DAY + r.int(0, 700) * DAY + r.int(0, DAY - 1);
    customerInfo.push({ country, since });
    const email = `${first}.${last}${id}@example.com`
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z0-9.@]/g, "");
    customers.push([id, email, first, last, country, r.pick(cities), ts(since), r.next() < 0.4]);
  }

  const orders: Literal[][] = [];
  const items: Literal[][] = [];
  const payments: Literal[][] = [];
  const shipments: Literal[][] = [];
  for (let id = 1; id <= 2_400; id++) {
    const customerId = 1 + Math.floor(600 * r.next() ** 1.6); // a few customers order a lot
    const info = customerInfo[customerId] ?? customerInfo[0]!;
    const from = Math.max(START, info.since);
    const at = from + Math.floor(r.next() * (END - from));
    const recent = END - at < 14 * DAY;
    const roll = r.next();
    const status = recent
      ? r.pick(["pending", "paid", "shipped"])
      : roll < 0.8
        ? "delivered"
        : roll < 0.86
          ? "cancelled"
          : roll < 0.9
            ? "refunded"
            : roll < 0.95
              ? "shipped"
              : "paid";
    const country = r.next() < 0.95 ? info.country : r.pick(PLACES)[0];
    orders.push([id, customerId, status, ts(at), country, r.next() < 0.05 ? r.pick(NOTES) : null]);
    let total = 0;
    const lines = 1 + Math.floor(r.next() ** 2 * 5);
    for (let line = 1; line <= lines; line++) {
      const productId = 1 + Math.floor(160 * r.next() ** 1.3);
      const quantity = r.next() < 0.8 ? 1 : r.int(2, 3);
      const unit = (prices[productId] ?? 10) * (r.next() < 0.1 ? 0.9 : 1);
      total += quantity * Number(money(unit));
      items.push([id, line, productId, quantity, money(unit)]);
    }
    if (status !== "pending" && status !== "cancelled")
      payments.push([
        payments.length + 1,
        id,
        r.pick(METHODS),
        money(total),
        ts(at + r.int(1, 30) * 60_000),
        status === "refunded",
      ]);
    if (status === "shipped" || status === "delivered" || status === "refunded") {
      const shipped = at + r.int(1, 3) * DAY;
      const delivered = status === "shipped" ? null : ts(shipped + r.int(1, 6) * DAY);
      const tracking = `${r.pick(CARRIERS).slice(0, 2).toUpperCase()}${String(r.int(10_000_000, 99_999_999))}`;
      shipments.push([shipments.length + 1, id, r.pick(CARRIERS), tracking, ts(shipped), delivered]);
    }
  }

  const sql = [
    "BEGIN;",
    SAMPLE_SCHEMA_SQL,
    insert("categories", ["id", "name", "parent_id", "description"], categories),
    insert(
      "products",
      ["id", "sku", "name", "category_id", "price", "cost", "stock", "active", "created_at"],
      products,
    ),
    insert(
      "customers",
      ["id", "email", "first_name", "last_name", "country", "city", "signed_up_at", "marketing_opt_in"],
      customers,
    ),
    insert("orders", ["id", "customer_id", "status", "ordered_at", "shipping_country", "note"], orders),
    insert("order_items", ["order_id", "line_no", "product_id", "quantity", "unit_price"], items),
    insert("payments", ["id", "order_id", "method", "amount", "paid_at", "refunded"], payments),
    insert("shipments", ["id", "order_id", "carrier", "tracking_number", "shipped_at", "delivered_at"], shipments),
    ...["products", "customers", "orders", "payments", "shipments"].map(
      (t) => `SELECT setval(pg_get_serial_sequence('shop.${t}', 'id'), (SELECT max(id) FROM shop.${t}));`,
    ),
    MONTHLY_REVENUE_SQL, // after the data: it is filled when created
    "COMMIT;",
    "ANALYZE;",
  ].join("\n");
  const counts = {
    categories: categories.length,
    products: products.length,
    customers: customers.length,
    orders: orders.length,
    order_items: items.length,
    payments: payments.length,
    shipments: shipments.length,
  };
  return { sql, counts };
}
