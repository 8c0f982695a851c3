import React from 'react';
import moment from 'moment';
import type { Product } from './types';

interface ProductCardProps {
  product: Product;
  style: React.CSSProperties;
  onAddToCart: () => void;
}

function ProductCardView({ product, style, onAddToCart }: ProductCardProps) {
  const isNew = moment().diff(moment(product.createdAt), 'days') < 14;
  return (
    <article className="product-card" style={style}>
      {product.imageUrl && <img src={product.imageUrl} alt={product.name} width={240} height={240} />}
      <h3>
        {product.name}
        {isNew && <span className="badge">Neu</span>}
      </h3>
      <p className="price">{product.price.toFixed(2)} €</p>
      <p className="rating">
        {product.avgRating === null
          ? 'Noch keine Bewertungen'
          : `${product.avgRating.toFixed(1)} ★ (${product.reviewCount})`}
      </p>
      <button type="button" onClick={onAddToCart} disabled={product.stock === 0}>
        {product.stock === 0 ? 'Ausverkauft' : 'In den Warenkorb'}
      </button>
    </article>
  );
}

/** Re-renders only when its props change. */
export const ProductCard = React.memo(ProductCardView);
