#!/usr/bin/env python3
"""Breaks a `perf script -F tid,ip,sym` dump of a DWARF call-graph profile of `broadsheet build`
down by build stage (the outermost broadsheet function on the stack) and by component (the
innermost library, kernel call or hot function). Used by bench/profile.sh.

Tera's interpreter recurses deeply, so some of its stacks are cut before they reach
`render_all`: those count as "render: pages" too. Percentages are of all CPU samples (both
cores), not of wall time.
"""
import collections
import re
import sys
def samples(path):
    stack=[]; 
    for line in open(path, errors='replace'):
        if not line.strip():
            if stack: yield stack
            stack=[]; continue
        if not line.startswith('\t'):
            stack=[]; continue
        parts=line.strip().split(None,1)
        stack.append(parts[1] if len(parts)>1 else '?')
    if stack: yield stack

STAGES=[ # (stage, pattern) checked root→leaf, last match wins (innermost stage)
 ('load: read articles', r'broadsheet::load::'),
 ('load: source cache', r'broadsheet::cache::'),
 ('load: theme (Tera compile)', r'broadsheet::theme::Theme::load'),
 ('parse: validate+front matter+markdown', r'broadsheet::validate::article'),
 ('model', r'broadsheet::model::|broadsheet::render::plan'),
 ('render: setup (Renderer::new)', r'broadsheet::render::Renderer::new|Renderer<.*>::new'),
 ('render: pages', r'render_all|broadsheet::render::Renderer::page|Renderer::render'),
 ('write: static/commit/cache', r'copy_static|broadsheet::output::Output::commit|SourceCache::write|Output::open'),
]
COMP=[ # innermost first match (leaf→root)
 ('kernel: page faults', r'exc_page_fault|asm_exc_page_fault'),
 ('kernel: open/create', r'__x64_sys_openat|do_sys_openat2'),
 ('kernel: mkdir', r'__x64_sys_mkdir'),
 ('kernel: write', r'__x64_sys_write|ksys_write'),
 ('kernel: read', r'__x64_sys_read|ksys_read'),
 ('kernel: stat', r'statx|newfstatat|sys_newstat|sys_newlstat'),
 ('kernel: rename/link/unlink', r'renameat|linkat|unlink'),
 ('kernel: getdents', r'getdents'),
 ('kernel: munmap/exit', r'munmap|do_exit|exit_mmap'),
 ('kernel: other syscalls', r'entry_SYSCALL_64|do_syscall_64'),
 ('word count (unicode is_alphanumeric)', r'broadsheet::markdown::count_words'),
 ('markdown excerpt', r'broadsheet::markdown::excerpt'),
 ('pulldown-cmark (parse+html)', r'pulldown_cmark'),
 ('YAML (serde_yaml)', r'serde_yaml|unsafe_libyaml'),
 ('Tera rendering', r'tera::'),
 ('Value building (serde→tera)', r'tera::value|from_serializable'),
 ('fingerprint hashing', r'Hasher|hash_one|sip::'),
 ('slug/pinyin', r'broadsheet::slug::|pinyin'),
 ('allocator', r'^malloc|^_int_malloc|^_int_free|^cfree|malloc_consolidate|unlink_chunk|^realloc|_int_realloc|__libc_'),
 ('memcpy/memcmp', r'__mem'),
 ('rayon idle/steal', r'rayon_core::registry|rayon_core::sleep|crossbeam'),
]
stage_c=collections.Counter(); comp_c=collections.Counter(); pair=collections.Counter(); n=0
for st in samples(sys.argv[1]):
    n+=1
    stage='other (startup, exit, rayon idle)'
    for frame in reversed(st):
        for name,pat in STAGES:
            if re.search(pat, frame): stage=name
    if stage.startswith('other') and any('tera::' in f for f in st):
        stage='render: pages'
    comp='other'
    for frame in st:
        for name,pat in COMP:
            if re.search(pat, frame): comp=name; break
        if comp!='other': break
    stage_c[stage]+=1; comp_c[comp]+=1; pair[(stage,comp)]+=1
print(f'{n} samples')
print('\n== by stage (inclusive) =='); [print(f'{100*c/n:5.1f}%  {s}') for s,c in stage_c.most_common()]
print('\n== by component (innermost) =='); [print(f'{100*c/n:5.1f}%  {s}') for s,c in comp_c.most_common()]
print('\n== stage x component (>=1%) =='); [print(f'{100*c/n:5.1f}%  {s}  /  {k}') for (s,k),c in pair.most_common() if 100*c/n>=1]
