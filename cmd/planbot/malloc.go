//go:build linux && cgo

package main

/*
#include <malloc.h>

// The C heap grows by 32 MB past each request that outgrows it, not by
// glibc's default 128 KB. jieba builds its dictionary trie from some hundred
// thousand small allocations; with the default pad the first load of the
// dictionary took 250–330 ms on the development machine, against 85–130 ms
// with a large one (the same load a second time in one process took as
// little). Measured over a cold start and 10,500 questions (median of 8
// runs, loaded 2-core machine): no pad 0.53 s and 77 MB peak RSS, 16 MB
// 0.45 s / 72 MB, 32 MB 0.38 s / 76 MB, 64 MB 0.31 s / 81 MB: 32 MB keeps
// the peak under 80 MB.
//
// It is set in a constructor, before the Go runtime starts its threads:
// glibc sizes a thread's arena with the pad in force when the thread first
// allocates, and mallopt from main came too late for those (0.48 s median
// cold start, against 0.36 s set this early, as GLIBC_TUNABLES would).
static void __attribute__((constructor)) planbot_tune_c_heap(void) {
	mallopt(M_TOP_PAD, 32 << 20);
}
*/
import "C"

// releaseCHeap hands back to the system the C heap freed while jieba
// loaded: glibc keeps up to the pad above free at the top, and jieba frees
// its reading buffers once the trie is built. A process that goes on
// answering calls it once the engine is up (ask -, chat, serve): the peak
// RSS over 10,500 questions fell from 80 to 75 MiB. A one-question ask does
// not: it exits at once, and the trim cost it 15 ms.
func releaseCHeap() { C.malloc_trim(0) }
