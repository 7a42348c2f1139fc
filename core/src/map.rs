//! Sorted maps and sets in a `Vec`, for samtykke's small collections (a handful of categories,
//! grants, languages and texts).
//!
//! Why not `BTreeMap`/`BTreeSet`: each key and value type instantiates the B-tree's node code and,
//! for every `collect()`, a stable sort; together that was about a sixth of the wasm. These iterate
//! in key order and compare equal exactly as the B-tree versions do, with a binary search and a
//! `Vec` insert, which is all a few dozen entries need. A property test (core/tests/properties/map.rs)
//! runs random operation sequences on both and compares every answer.

use std::borrow::Borrow;

/// A map sorted by key (a later insert of the same key replaces the value, as in `BTreeMap`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Map<K, V> {
    pairs: Vec<(K, V)>,
}

/// A set sorted by value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Set<T> {
    items: Vec<T>,
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map { pairs: Vec::new() }
    }
}

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set { items: Vec::new() }
    }
}

impl<K: Ord, V> Map<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.pairs.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.pairs[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Returns the value it held, if the key was there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.pairs.remove(i).1)
    }

    /// Returns the value it replaced, if the key was there.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.pairs[i].1, value)),
            Err(i) => {
                self.pairs.insert(i, (key, value));
                None
            }
        }
    }
}

impl<K, V> Map<K, V> {
    /// Pairs in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.pairs.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.pairs.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.pairs.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

impl<T: Ord> Set<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.items
            .binary_search_by(|item| item.borrow().cmp(value))
            .is_ok()
    }

    /// Returns false if it was there already.
    pub fn insert(&mut self, value: T) -> bool {
        match self.items.binary_search(&value) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, value);
                true
            }
        }
    }
}

impl<T> Set<T> {
    /// Values in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<K: Ord, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Map::new();
        map.extend(iter);
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.iter().map(|(k, v)| (k, v))
    }
}

/// `map["key"]`, for tests: panics on a missing key, as `BTreeMap` does.
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Map<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

impl<T: Ord> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            self.insert(value);
        }
    }
}

impl<T: Ord> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Set::new();
        set.extend(iter);
        set
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for Set<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<T> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Set<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_keeps_key_order_and_the_last_value_of_a_key() {
        let mut map: Map<String, u8> = [("b".into(), 1), ("a".into(), 2), ("b".into(), 3)].into();
        assert_eq!(
            map.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(map.get("b"), Some(&3));
        assert_eq!(map.insert("a".into(), 4), Some(2));
        assert_eq!(map.insert("c".into(), 5), None);
        assert!(map.contains_key("c") && !map.contains_key("d"));
        assert_eq!(map["a"], 4);
        let same: Map<String, u8> = [("c".into(), 5), ("a".into(), 4), ("b".into(), 3)].into();
        assert_eq!(map, same, "equal whatever the insertion order");
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn a_set_is_sorted_and_holds_each_value_once() {
        let mut set: Set<&str> = ["b", "a", "b"].into();
        assert_eq!(set.iter().copied().collect::<Vec<_>>(), ["a", "b"]);
        assert!(!set.insert("a"));
        assert!(set.insert("0"));
        assert!(set.contains("0") && !set.contains("c"));
        assert_eq!(set, ["a", "0", "b"].into());
    }
}
