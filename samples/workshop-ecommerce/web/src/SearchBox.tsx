import { useEffect, useState } from 'react';
import { searchProducts } from './api';
import type { ProductSuggestion } from './types';

interface SearchBoxProps {
  onSelect(productId: number): void;
}

/** Header search with suggestions while typing. */
export function SearchBox({ onSelect }: SearchBoxProps) {
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<ProductSuggestion[]>([]);
  const [suggestions, setSuggestions] = useState<ProductSuggestion[]>([]);

  useEffect(() => {
    if (term.trim().length < 2) {
      setResults([]);
      return;
    }
    searchProducts(term).then(setResults);
  }, [term]);

  // Suggest in-stock products only, at most eight.
  useEffect(() => {
    setSuggestions(results.filter((result) => result.inStock).slice(0, 8));
  }, [results]);

  return (
    <div className="search-box">
      <input
        type="search"
        placeholder="Produkte suchen"
        value={term}
        onChange={(event) => setTerm(event.target.value)}
      />
      {suggestions.length > 0 && (
        <ul className="suggestions">
          {suggestions.map((suggestion) => (
            <li key={suggestion.id}>
              <button type="button" onClick={() => onSelect(suggestion.id)}>
                {suggestion.name} · {suggestion.price.toFixed(2)} €
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
