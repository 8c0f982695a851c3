import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { postCartItem } from './api';

export interface CartItem {
  productId: number;
  quantity: number;
}

interface CartContextValue {
  items: CartItem[];
  count: number;
  addItem(productId: number): void;
  removeItem(productId: number): void;
}

const CartContext = createContext<CartContextValue | null>(null);

function loadCart(): CartItem[] {
  try {
    return JSON.parse(localStorage.getItem('cart') ?? '[]') as CartItem[];
  } catch {
    return [];
  }
}

/** Holds the cart for the whole app; mirrored to localStorage and the API. */
export function CartProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<CartItem[]>(loadCart);

  useEffect(() => {
    localStorage.setItem('cart', JSON.stringify(items));
  }, [items]);

  function addItem(productId: number) {
    setItems((current) => {
      const existing = current.find((item) => item.productId === productId);
      return existing
        ? current.map((item) => (item.productId === productId ? { ...item, quantity: item.quantity + 1 } : item))
        : [...current, { productId, quantity: 1 }];
    });
    void postCartItem(productId);
  }

  function removeItem(productId: number) {
    setItems((current) => current.filter((item) => item.productId !== productId));
  }

  const count = items.reduce((sum, item) => sum + item.quantity, 0);

  return (
    <CartContext.Provider value={{ items, count, addItem, removeItem }}>
      {children}
    </CartContext.Provider>
  );
}

export function useCart(): CartContextValue {
  const context = useContext(CartContext);
  if (!context) throw new Error('useCart must be used inside <CartProvider>');
  return context;
}

/** Cart badge in the header. */
export function CartBadge() {
  const { count } = useCart();
  return <span className="cart-badge">Warenkorb ({count})</span>;
}
