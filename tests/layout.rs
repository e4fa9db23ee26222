//! The tree's shape: the library's modules depend on one another one way only (no cycle), so
//! that the stages could become crates. Read from the sources: each `crate::<module>` a module
//! names outside its unit tests is an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module → the modules it names.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut visit = |path: &Path, module: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let deps = graph.entry(module.to_owned()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    };
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "main" || name == "lib" {
            continue;
        }
        if path.is_dir() {
            for file in std::fs::read_dir(&path).unwrap() {
                let file = file.unwrap().path();
                if file.extension().is_some_and(|e| e == "rs") {
                    visit(&file, &name);
                }
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            visit(&path, &name);
        }
    }
    // Only edges between modules (not to items of lib.rs such as `crate::prepare`).
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|d| modules.contains(d));
    }
    graph
}

#[test]
fn modules_depend_on_one_another_one_way_only() {
    let graph = dependencies();
    assert!(graph.len() > 10, "{graph:?}");
    // Depth-first search for a path back to where it started.
    fn find_cycle(
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        let last = path.last().unwrap().clone();
        for next in &graph[&last] {
            if let Some(at) = path.iter().position(|m| m == next) {
                let mut cycle = path[at..].to_vec();
                cycle.push(next.clone());
                return Some(cycle);
            }
            path.push(next.clone());
            if let Some(cycle) = find_cycle(graph, path) {
                return Some(cycle);
            }
            path.pop();
        }
        None
    }
    for module in graph.keys() {
        if let Some(cycle) = find_cycle(&graph, &mut vec![module.clone()]) {
            panic!(
                "modules depend on each other in a cycle: {}",
                cycle.join(" → ")
            );
        }
    }
    // The stages named in the README flow one way: a few edges that must never appear.
    for (from, to) in [
        ("load", "validate"),
        ("load", "cache"),
        ("validate", "cache"),
        ("cache", "validate"),
        ("markdown", "validate"),
        ("model", "render"),
    ] {
        assert!(!graph[from].contains(to), "{from} must not depend on {to}");
    }
}
