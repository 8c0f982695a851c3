import { useState } from 'react';
import _ from 'lodash';
import moment from 'moment';
import 'moment/locale/de';
import { CartBadge, CartProvider } from './Cart';
import { ProductList } from './ProductList';
import { SearchBox } from './SearchBox';
import type { Category } from './types';

moment.locale('de');

const CATEGORIES: Category[] = [
  { id: 17, name: 'Laufen' },
  { id: 18, name: 'Radsport' },
  { id: 19, name: 'Camping' },
  { id: 20, name: 'Fitness' },
  { id: 6, name: 'Smartphones' },
  { id: 7, name: 'Kopfhörer' },
];

export function App() {
  const [categoryId, setCategoryId] = useState(17);
  const categories = _.sortBy(CATEGORIES, 'name');
  const today = moment().format('dddd, D. MMMM');

  return (
    <CartProvider>
      <header className="site-header">
        <h1>Workshop Shop</h1>
        <SearchBox onSelect={(id) => window.location.assign(`/produkt/${id}`)} />
        <CartBadge />
      </header>
      <p className="deals">Angebote der Woche · {today}</p>
      <nav className="categories">
        {categories.map((category) => (
          <button
            key={category.id}
            type="button"
            className={category.id === categoryId ? 'active' : undefined}
            onClick={() => setCategoryId(category.id)}
          >
            {category.name}
          </button>
        ))}
      </nav>
      <main>
        <ProductList categoryId={categoryId} />
      </main>
    </CartProvider>
  );
}
