//! Where the record lives: `localStorage`, or memory for this page when storage throws.
//!
//! gloo-storage's accessor throws (`expect_throw`) when storage is disabled, which would abort the
//! call into the wasm halfway; here every storage call is caught and degrades to memory, with one
//! console warning, so the page keeps working and nothing is lost silently.

use std::cell::Cell;

use super::env;

pub struct Store {
    local: Option<web_sys::Storage>,
    /// What was stored for this page once `localStorage` has failed, by key.
    memory: Vec<(String, String)>,
    /// Set at the first failure (and warned about once): from then on memory is the truth.
    degraded: Cell<bool>,
}

impl Store {
    pub fn open() -> Store {
        let mut store = Store {
            local: None,
            memory: Vec::new(),
            degraded: Cell::new(false),
        };
        match env::window().local_storage() {
            Ok(Some(storage)) => store.local = Some(storage),
            Ok(None) => store.degrade("localStorage is not available"),
            Err(_) => store.degrade("localStorage is blocked"),
        }
        store
    }

    fn degrade(&self, why: &str) {
        if !self.degraded.replace(true) {
            env::warn(&format!("{why}; your choice is kept for this page only"));
        }
    }

    /// The stored text under `key`, if any.
    pub fn read(&self, key: &str) -> Option<String> {
        match self.local.as_ref().filter(|_| !self.degraded.get()) {
            Some(storage) => match storage.get_item(key) {
                Ok(value) => value,
                Err(_) => {
                    self.degrade("reading localStorage failed");
                    self.remembered(key)
                }
            },
            None => self.remembered(key),
        }
    }

    fn remembered(&self, key: &str) -> Option<String> {
        self.memory
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    pub fn write(&mut self, key: &str, value: &str) {
        if let Some(storage) = self.local.as_ref().filter(|_| !self.degraded.get()) {
            if storage.set_item(key, value).is_ok() {
                return;
            }
            self.degrade("saving to localStorage failed (full or blocked)");
        }
        self.memory.retain(|(k, _)| k != key);
        self.memory.push((key.to_owned(), value.to_owned()));
    }

    pub fn remove(&mut self, key: &str) {
        self.memory.retain(|(k, _)| k != key);
        if let Some(storage) = &self.local {
            if storage.remove_item(key).is_err() {
                self.degrade("removing from localStorage failed");
            }
        }
    }
}
