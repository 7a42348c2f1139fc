//! `map::Map` and `map::Set` behave exactly as `BTreeMap` and `BTreeSet` do: the same random
//! operations on both give the same answers, the same contents in the same order, and the same
//! equality.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use samtykke_core::map::{Map, Set};

use crate::gen::cases;

/// One operation on a map; keys come from a small alphabet so they collide often.
#[derive(Clone, Debug)]
enum MapOp {
    Insert(String, u8),
    Remove(String),
    Get(String),
    Extend(Vec<(String, u8)>),
}

#[derive(Clone, Debug)]
enum SetOp {
    Insert(String),
    Contains(String),
    Extend(Vec<String>),
}

fn key() -> impl Strategy<Value = String> {
    "[a-c]{0,2}"
}

fn map_op() -> impl Strategy<Value = MapOp> {
    prop_oneof![
        4 => (key(), any::<u8>()).prop_map(|(k, v)| MapOp::Insert(k, v)),
        2 => key().prop_map(MapOp::Remove),
        2 => key().prop_map(MapOp::Get),
        1 => prop::collection::vec((key(), any::<u8>()), 0..4).prop_map(MapOp::Extend),
    ]
}

fn set_op() -> impl Strategy<Value = SetOp> {
    prop_oneof![
        4 => key().prop_map(SetOp::Insert),
        2 => key().prop_map(SetOp::Contains),
        1 => prop::collection::vec(key(), 0..4).prop_map(SetOp::Extend),
    ]
}

/// Runs `ops` on both maps, checking every answer and the contents after each step.
fn run_map(
    ops: &[MapOp],
    ours: &mut Map<String, u8>,
    theirs: &mut BTreeMap<String, u8>,
) -> Result<(), TestCaseError> {
    for op in ops {
        match op.clone() {
            MapOp::Insert(k, v) => prop_assert_eq!(ours.insert(k.clone(), v), theirs.insert(k, v)),
            MapOp::Remove(k) => prop_assert_eq!(ours.remove(k.as_str()), theirs.remove(&k)),
            MapOp::Get(k) => {
                prop_assert_eq!(ours.get(k.as_str()), theirs.get(&k));
                prop_assert_eq!(ours.contains_key(k.as_str()), theirs.contains_key(&k));
                if let Some(v) = theirs.get(&k) {
                    prop_assert_eq!(&ours[k.as_str()], v);
                }
            }
            MapOp::Extend(pairs) => {
                ours.extend(pairs.clone());
                theirs.extend(pairs);
            }
        }
        prop_assert_eq!(ours.len(), theirs.len());
        prop_assert_eq!(ours.is_empty(), theirs.is_empty());
        prop_assert!(ours.iter().eq(theirs.iter()), "{:?} vs {:?}", ours, theirs);
        prop_assert!(ours.keys().eq(theirs.keys()));
        prop_assert!(ours.values().eq(theirs.values()));
        prop_assert!(ours.iter().rev().eq(theirs.iter().rev()));
        prop_assert!((&*ours).into_iter().eq(theirs.iter()));
    }
    Ok(())
}

fn run_set(
    ops: &[SetOp],
    ours: &mut Set<String>,
    theirs: &mut BTreeSet<String>,
) -> Result<(), TestCaseError> {
    for op in ops {
        match op.clone() {
            SetOp::Insert(k) => prop_assert_eq!(ours.insert(k.clone()), theirs.insert(k)),
            SetOp::Contains(k) => prop_assert_eq!(ours.contains(k.as_str()), theirs.contains(&k)),
            SetOp::Extend(items) => {
                ours.extend(items.clone());
                theirs.extend(items);
            }
        }
        prop_assert_eq!(ours.len(), theirs.len());
        prop_assert_eq!(ours.is_empty(), theirs.is_empty());
        prop_assert!(ours.iter().eq(theirs.iter()), "{:?} vs {:?}", ours, theirs);
        prop_assert!((&*ours).into_iter().eq(theirs.iter()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn a_map_answers_every_operation_as_a_btree_map_does(
        ops in prop::collection::vec(map_op(), 0..40),
    ) {
        let (mut ours, mut theirs) = (Map::new(), BTreeMap::new());
        run_map(&ops, &mut ours, &mut theirs)?;
        prop_assert!(ours.clone().into_iter().eq(theirs.clone()));
    }

    #[test]
    fn maps_are_equal_exactly_when_btree_maps_are_and_collect_the_same(
        a in prop::collection::vec(map_op(), 0..20),
        b in prop::collection::vec(map_op(), 0..20),
        pairs in prop::collection::vec((key(), any::<u8>()), 0..12),
    ) {
        let (mut ours_a, mut theirs_a) = (Map::new(), BTreeMap::new());
        let (mut ours_b, mut theirs_b) = (Map::new(), BTreeMap::new());
        run_map(&a, &mut ours_a, &mut theirs_a)?;
        run_map(&b, &mut ours_b, &mut theirs_b)?;
        prop_assert_eq!(ours_a == ours_b, theirs_a == theirs_b);
        // Collected, a later pair of the same key wins, as in a BTreeMap.
        let ours: Map<String, u8> = pairs.iter().cloned().collect();
        let theirs: BTreeMap<String, u8> = pairs.into_iter().collect();
        prop_assert!(ours.iter().eq(theirs.iter()));
    }

    #[test]
    fn a_set_answers_every_operation_as_a_btree_set_does(
        ops in prop::collection::vec(set_op(), 0..40),
        other in prop::collection::vec(set_op(), 0..20),
        items in prop::collection::vec(key(), 0..12),
    ) {
        let (mut ours, mut theirs) = (Set::new(), BTreeSet::new());
        run_set(&ops, &mut ours, &mut theirs)?;
        let (mut ours_b, mut theirs_b) = (Set::new(), BTreeSet::new());
        run_set(&other, &mut ours_b, &mut theirs_b)?;
        prop_assert_eq!(ours == ours_b, theirs == theirs_b);
        prop_assert!(ours.clone().into_iter().eq(theirs.clone()));
        let collected: Set<String> = items.iter().cloned().collect();
        let expected: BTreeSet<String> = items.into_iter().collect();
        prop_assert!(collected.iter().eq(expected.iter()));
    }
}
