import type { Product, ProductSuggestion } from './types';

// In development Vite proxies /api to the API on :3000; in production the ingress does.
const BASE = '/api';

interface ProductRow {
  id: string;
  name: string;
  price: string;
  image_url: string | null;
  stock: number;
  avg_rating: string | null;
  review_count: string;
  created_at: string;
}

/** The API's bearer token, stored at sign-in. */
function authHeaders(): Record<string, string> {
  const token = localStorage.getItem('token');
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${BASE}${path}`, { headers: authHeaders() });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export async function fetchCategoryProducts(categoryId: number): Promise<Product[]> {
  const rows = await getJson<ProductRow[]>(`/products/by-category/${categoryId}`);
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    price: Number(row.price),
    imageUrl: row.image_url,
    stock: row.stock,
    avgRating: row.avg_rating === null ? null : Number(row.avg_rating),
    reviewCount: Number(row.review_count),
    createdAt: row.created_at,
  }));
}

export async function searchProducts(term: string): Promise<ProductSuggestion[]> {
  const rows = await getJson<{ id: string; name: string; price: string; in_stock: boolean }[]>(
    `/products/search?q=${encodeURIComponent(term)}`,
  );
  return rows.map((row) => ({ id: Number(row.id), name: row.name, price: Number(row.price), inStock: row.in_stock }));
}

export async function postCartItem(productId: number): Promise<void> {
  await fetch(`${BASE}/cart/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ productId, quantity: 1 }),
  });
}
