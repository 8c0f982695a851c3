export interface Product {
  id: number;
  name: string;
  price: number;
  imageUrl: string | null;
  stock: number;
  avgRating: number | null;
  reviewCount: number;
  createdAt: string;
}

export interface ProductSuggestion {
  id: number;
  name: string;
  price: number;
  inStock: boolean;
}

export interface Category {
  id: number;
  name: string;
}
