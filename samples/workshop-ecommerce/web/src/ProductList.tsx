import { useEffect, useState } from 'react';
import _ from 'lodash';
import { fetchCategoryProducts } from './api';
import { useCart } from './Cart';
import { ProductCard } from './ProductCard';
import type { Product } from './types';

type SortKey = 'rating' | 'price' | 'newest';

const SORT_FIELDS: Record<SortKey, keyof Product> = {
  rating: 'avgRating',
  price: 'price',
  newest: 'createdAt',
};

interface ProductListProps {
  categoryId: number;
}

/** Category grid: every active product of the category (up to a few thousand). */
export function ProductList({ categoryId }: ProductListProps) {
  const [products, setProducts] = useState<Product[]>([]);
  const [sort, setSort] = useState<SortKey>('rating');
  const [loading, setLoading] = useState(true);
  const { addItem } = useCart();

  useEffect(() => {
    setLoading(true);
    fetchCategoryProducts(categoryId)
      .then(setProducts)
      .finally(() => setLoading(false));
  }, [categoryId]);

  const sorted = _.orderBy(products, [SORT_FIELDS[sort]], [sort === 'price' ? 'asc' : 'desc']);

  if (loading) return <p>Produkte werden geladen …</p>;

  return (
    <section className="product-list">
      <header className="toolbar">
        <span>{products.length} Produkte</span>
        <label>
          Sortieren nach{' '}
          <select value={sort} onChange={(event) => setSort(event.target.value as SortKey)}>
            <option value="rating">Bewertung</option>
            <option value="price">Preis</option>
            <option value="newest">Neuheiten</option>
          </select>
        </label>
      </header>
      <div className="grid">
        {sorted.map((product) => (
          <ProductCard
            key={product.id}
            product={product}
            style={{ width: 240, margin: 8 }}
            onAddToCart={() => addItem(product.id)}
          />
        ))}
      </div>
    </section>
  );
}
