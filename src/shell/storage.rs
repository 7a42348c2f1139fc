//! Where the record lives: `localStorage`, or memory for this page when storage throws.
//!
//! gloo-storage's accessor throws (`expect_throw`) when storage is disabled, which would abort the
//! call into the wasm halfway; here every storage call is caught and degrades to memory, with one
//! console warning, so the page keeps working and nothing is lost silently.

use std::cell::Cell;

use super::env;

pub struct Store {
    local: Option<web_sys::Storage>,
    /// The record for this page when `localStorage` is unusable.
    memory: Option<String>,
    warned: Cell<bool>,
}

impl Store {
    pub fn open() -> Store {
        let mut store = Store {
            local: None,
            memory: None,
            warned: Cell::new(false),
        };
        match env::window().local_storage() {
            Ok(Some(storage)) => store.local = Some(storage),
            Ok(None) => store.degrade("localStorage is not available"),
            Err(_) => store.degrade("localStorage is blocked"),
        }
        store
    }

    fn degrade(&self, why: &str) {
        if !self.warned.replace(true) {
            env::warn(&format!("{why}; your choice is kept for this page only"));
        }
    }

    /// The stored text under `key`, if any.
    pub fn read(&self, key: &str) -> Option<String> {
        match &self.local {
            Some(storage) => match storage.get_item(key) {
                Ok(value) => value,
                Err(_) => {
                    self.degrade("reading localStorage failed");
                    self.memory.clone()
                }
            },
            None => self.memory.clone(),
        }
    }

    pub fn write(&mut self, key: &str, value: &str) {
        if let Some(storage) = &self.local {
            if storage.set_item(key, value).is_ok() {
                return;
            }
            self.degrade("saving to localStorage failed (full or blocked)");
        }
        self.memory = Some(value.to_owned());
    }

    pub fn remove(&mut self, key: &str) {
        self.memory = None;
        if let Some(storage) = &self.local {
            if storage.remove_item(key).is_err() {
                self.degrade("removing from localStorage failed");
            }
        }
    }
}
