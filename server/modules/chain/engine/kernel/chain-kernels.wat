;; The engine's hot loops as WebAssembly: the static sweep of ../static.ts (acyclic runs and the
;; Gauss–Seidel sweeps of cyclic components) and the day loop of the dynamic model in
;; ../dynamic.ts. Each is the same arithmetic in the same order as its TypeScript loop
;; (WebAssembly never fuses or reorders floating-point operations), so both give bit-identical
;; results; the TypeScript loops remain the fallback and the reference the tests compare against.
;; Every pointer is a byte offset into the network's arena memory (see ../arena.ts); indices are
;; i32. Rebuild the embedded binary with `npm run build:kernels`.
;;
;; Minimums are selects, never branches. Which need binds (`if s < v: v = s; b = q`), the stock
;; carried over (min(stock0, avail - x)) and a sweep's largest change depend on supplier outputs
;; read at random, i.e. on cache misses; as a branch, a wrong guess (on about every other need)
;; is only found once the miss returns, and it throws away the loads already started for the
;; next needs and firms. That cost the kernels about 1.5× against g++ -O2, which emits
;; minsd/cmov here (bench/chain/KERNEL.md). V8 (Node 20) turns an i32/i64 `select` into cmov
;; but an f64 `select` into a branch, so f64 minimums select on the bit patterns
;; (i64.reinterpret_f64): the same value `select` would pick, bit for bit.
;;
;; staticSweep: for c in c0..c1-1 (firms are numbered supplier-first and the members of a
;; strongly connected component are contiguous, so a range is either a run of acyclic firms in
;; topological order or one sweep of a cyclic component):
;;     v = a[c]; b = -1
;;     for each essential need q of c: s = r[q] + sum over links l of q: share[l] * x[supplier[l]]
;;                                     if s < v: v = s; b = q
;;     (with $track: change = max(change, |x[c] - v|))
;;     x[c] = v; bind[c] = b
;; and returns the largest change (0 without $track).
(module
  (memory (import "env" "memory") 1 65536 shared)
  (func (export "staticSweep")
    (param $c0 i32)       ;; first firm of this call (calls go in chunks: V8 runs a call in
                          ;; baseline code until it returns, then tiers up)
    (param $n i32)        ;; end of this call's firms (exclusive)
    (param $track i32)    ;; 1: measure the largest change of x (cyclic sweeps)
    (param $a i32)        ;; f64[n]   own capacity a_i(0)
    (param $es i32)       ;; i32[n+1] start of each firm's essential needs in $en
    (param $en i32)       ;; i32[]    essential needs, firm by firm
    (param $out i32)      ;; f64[m]   needOutside (r)
    (param $ls i32)       ;; i32[m+1] linkStart
    (param $sup i32)      ;; i32[L]   linkSupplier
    (param $sh i32)       ;; f64[L]   linkShare
    (param $x i32)        ;; f64[n]   output x (written)
    (param $bd i32)       ;; i32[n]   binding need or -1 (written)
    (result f64)
    (local $c i32) (local $q i32) (local $i i32) (local $i1 i32) (local $l i32) (local $l1 i32) (local $b i32) (local $lt i32)
    (local $v f64) (local $s f64) (local $change f64) (local $d f64)
    (local.set $c (local.get $c0))
    (block $firmsDone
      (br_if $firmsDone (i32.ge_s (local.get $c) (local.get $n)))
      (loop $firm
        (local.set $v (f64.load (i32.add (local.get $a) (i32.shl (local.get $c) (i32.const 3)))))
        (local.set $b (i32.const -1))
        (local.set $i (i32.load (i32.add (local.get $es) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $i1 (i32.load offset=4 (i32.add (local.get $es) (i32.shl (local.get $c) (i32.const 2)))))
        (block $needsDone
          (br_if $needsDone (i32.ge_s (local.get $i) (local.get $i1)))
          (loop $need
            (local.set $q (i32.load (i32.add (local.get $en) (i32.shl (local.get $i) (i32.const 2)))))
            (block
              (block
                (local.set $s (f64.load (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 3)))))
                (local.set $l (i32.load (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                (local.set $l1 (i32.load offset=4 (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                (block $linksDone
                  (br_if $linksDone (i32.ge_s (local.get $l) (local.get $l1)))
                  (loop $link
                    (local.set $s
                      (f64.add (local.get $s)
                        (f64.mul
                          (f64.load (i32.add (local.get $sh) (i32.shl (local.get $l) (i32.const 3))))
                          (f64.load (i32.add (local.get $x)
                            (i32.shl (i32.load (i32.add (local.get $sup) (i32.shl (local.get $l) (i32.const 2))))
                                     (i32.const 3)))))))
                    (local.set $l (i32.add (local.get $l) (i32.const 1)))
                    (br_if $link (i32.lt_s (local.get $l) (local.get $l1)))))
                ;; if s < v: v = s, b = q — as selects, not a branch (see the note at the top)
                (local.set $lt (f64.lt (local.get $s) (local.get $v)))
                (local.set $b (select (local.get $q) (local.get $b) (local.get $lt)))
                (local.set $v (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $s))
                  (i64.reinterpret_f64 (local.get $v)) (local.get $lt))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $need (i32.lt_s (local.get $i) (local.get $i1)))))
        (if (local.get $track)
          (then
            (local.set $d (f64.abs (f64.sub
              (f64.load (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 3)))) (local.get $v))))
            (local.set $change (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $d))
              (i64.reinterpret_f64 (local.get $change)) (f64.gt (local.get $d) (local.get $change)))))))
        (f64.store (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 3))) (local.get $v))
        (i32.store (i32.add (local.get $bd) (i32.shl (local.get $c) (i32.const 2))) (local.get $b))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $firm (i32.lt_s (local.get $c) (local.get $n)))))
    (local.get $change))
  ;; cyclicSweep — one Gauss–Seidel sweep of a strongly connected component c0..c1-1, like
  ;; staticSweep with $track, evaluating only the firms whose inputs changed: a firm is computed
  ;; when its flag ($flag[c], i32) is set, which clears it; when its x changes (bit for bit) it
  ;; sets the flags of its customers (downstream links, essential only), so a customer later in
  ;; this sweep or earlier in the next one is computed again. An unflagged firm read the same
  ;; values when it was last computed, so computing it would give the same x and binding need
  ;; and a change of 0: the sweep's x, binding needs and largest change are the full sweep's, bit
  ;; for bit. The caller sets every member's flag before the first sweep.
  (func (export "cyclicSweep")
    (param $c0 i32) (param $n i32) (param $a i32) (param $es i32) (param $en i32) (param $out i32) (param $ls i32)
    (param $sup i32) (param $sh i32) (param $x i32) (param $bd i32) (param $flag i32) (param $dstart i32) (param $dcust i32)
    (result f64)
    (local $c i32) (local $q i32) (local $i i32) (local $i1 i32) (local $l i32) (local $l1 i32) (local $b i32) (local $lt i32)
    (local $e i32) (local $e1 i32) (local $px i32)
    (local $v f64) (local $s f64) (local $change f64) (local $d f64) (local $old f64)
    (local.set $c (local.get $c0))
    (block $firmsDone
      (br_if $firmsDone (i32.ge_s (local.get $c) (local.get $n)))
      (loop $firm
        (if (i32.load (i32.add (local.get $flag) (i32.shl (local.get $c) (i32.const 2))))
          (then
            (i32.store (i32.add (local.get $flag) (i32.shl (local.get $c) (i32.const 2))) (i32.const 0))
            (local.set $v (f64.load (i32.add (local.get $a) (i32.shl (local.get $c) (i32.const 3)))))
            (local.set $b (i32.const -1))
            (local.set $i (i32.load (i32.add (local.get $es) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $i1 (i32.load offset=4 (i32.add (local.get $es) (i32.shl (local.get $c) (i32.const 2)))))
            (block $needsDone
              (br_if $needsDone (i32.ge_s (local.get $i) (local.get $i1)))
              (loop $need
                (local.set $q (i32.load (i32.add (local.get $en) (i32.shl (local.get $i) (i32.const 2)))))
                (block
                  (block
                    (local.set $s (f64.load (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 3)))))
                    (local.set $l (i32.load (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                    (local.set $l1 (i32.load offset=4 (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                    (block $linksDone
                      (br_if $linksDone (i32.ge_s (local.get $l) (local.get $l1)))
                      (loop $link
                        (local.set $s
                          (f64.add (local.get $s)
                            (f64.mul
                              (f64.load (i32.add (local.get $sh) (i32.shl (local.get $l) (i32.const 3))))
                              (f64.load (i32.add (local.get $x)
                                (i32.shl (i32.load (i32.add (local.get $sup) (i32.shl (local.get $l) (i32.const 2))))
                                         (i32.const 3)))))))
                        (local.set $l (i32.add (local.get $l) (i32.const 1)))
                        (br_if $link (i32.lt_s (local.get $l) (local.get $l1)))))
                    (local.set $lt (f64.lt (local.get $s) (local.get $v)))
                    (local.set $b (select (local.get $q) (local.get $b) (local.get $lt)))
                    (local.set $v (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $s))
                      (i64.reinterpret_f64 (local.get $v)) (local.get $lt))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $need (i32.lt_s (local.get $i) (local.get $i1)))))
            (local.set $px (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 3))))
            (local.set $old (f64.load (local.get $px)))
            (local.set $d (f64.abs (f64.sub (local.get $old) (local.get $v))))
            (local.set $change (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $d))
              (i64.reinterpret_f64 (local.get $change)) (f64.gt (local.get $d) (local.get $change)))))
            (f64.store (local.get $px) (local.get $v))
            (i32.store (i32.add (local.get $bd) (i32.shl (local.get $c) (i32.const 2))) (local.get $b))
            (if (i64.ne (i64.reinterpret_f64 (local.get $v)) (i64.reinterpret_f64 (local.get $old)))
              (then
                (local.set $e (i32.load (i32.add (local.get $dstart) (i32.shl (local.get $c) (i32.const 2)))))
                (local.set $e1 (i32.load offset=4 (i32.add (local.get $dstart) (i32.shl (local.get $c) (i32.const 2)))))
                (block $downDone
                  (br_if $downDone (i32.ge_s (local.get $e) (local.get $e1)))
                  (loop $down
                    (i32.store
                      (i32.add (local.get $flag)
                        (i32.shl (i32.load (i32.add (local.get $dcust) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 2)))
                      (i32.const 1))
                    (local.set $e (i32.add (local.get $e) (i32.const 1)))
                    (br_if $down (i32.lt_s (local.get $e) (local.get $e1)))))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $firm (i32.lt_s (local.get $c) (local.get $n)))))
    (local.get $change))
  ;; dynamicDays — days t0..t1-1 of the dynamic model over a ring of S = 2^shift slots per firm
  ;; (slot d & (S-1) holds x(d); the caller fills it with the reported actual output first).
  ;; A link's code is the byte address of its supplier's ring slot of day 0 minus the lag,
  ;; wrapped within the row: ring + 8 * ((s << shift) | (-L & (S-1))), with the ring aligned to
  ;; a row (8 S bytes). The slot read on day t is then at (code & ~(8S-8)) | ((code + 8t) & (8S-8)):
  ;; three operations and the load per link. With $hist, stock at the start of each day and
  ;; the binding need are kept per day, day-major (stockH[t*m + q], bindH[t*n + c]) so each day
  ;; writes them front to back. Callers go day by day from day 0 (V8 runs a call in baseline
  ;; code until it returns, then tiers up); returns the sum of the days' Y(t).
  ;;
  ;; Needs are walked through each firm's list of essential needs ($es[c]..$es[c+1] in $en).
  ;; Per essential need q the loop keeps the inflow r + Σ w x(t - L) ($inflow[q]) and the stock
  ;; ($stock[q]) of the firm's last evaluated day; avail is their sum. The next evaluation starts
  ;; from stock(t) = min(stock(0), avail - x) of that day (on day 0: the declared stock, which the
  ;; caller puts in $stock).
  ;;
  ;; Only what changed is recomputed. A firm's day t reads its capacity a(t), its stocks at the
  ;; start of day t and its suppliers' x(t - L); when all of these equal the day before's bit for
  ;; bit, the same operations on the same values give yesterday's x, binding need and stocks
  ;; again, and the firm copies them. So a firm is evaluated on day 0, when its capacity
  ;; changed, when a supplier's new x reaches it today (a mark), or when it was evaluated
  ;; yesterday and a stock moved overnight (checked from yesterday's values, which are known: no
  ;; cache miss of today is waited for); and its inflows are summed again only on day 0 and when
  ;; marked — otherwise no supplier output is read and yesterday's inflows are reused, bit for
  ;; bit the same sums. Marks: a firm whose x(t) differs from x(t-1) is listed (branch-free),
  ;; and after the day its customers (downstream links, essential only) are marked for day
  ;; t + L, in bitsets of n bits, one per day in a ring of D = 2^dshift > max lead rows at
  ;; $dirty (zero at the start of a run; a row is cleared once its day is done). $lastEval[c]
  ;; is the last day c was evaluated.
  ;;
  ;; When most firms change every day (a ramp-up), tracking costs more than it saves, so the
  ;; caller picks a mode per day: 0 tracks as above; 1 evaluates every firm and pushes marks
  ;; (day 0, and the max-lead days before tracking resumes, so no mark is missing); 2 evaluates
  ;; every firm and pushes none. [$stats] and [$stats + 4] receive the day's numbers of evaluated
  ;; firms and of firms whose x changed (of the call's last day). Every firm still writes its
  ;; ring slot and history rows and
  ;; adds its weight times x into Y(t) in firm order, so every result is the full loop's, bit
  ;; for bit (the JavaScript loop, which evaluates everything, is the reference in the tests).
  (func (export "dynamicDays")
    (param $t0 i32) (param $t1 i32)
    (param $n i32) (param $cap i32) (param $capDays i32) (param $H i32) (param $theta f64) (param $shift i32)
    (param $ns i32) (param $es i32) (param $out i32) (param $stock0 i32) (param $ls i32) (param $sh i32)
    (param $code i32) (param $weight i32) (param $ring i32) (param $stock i32) (param $inflow i32)
    (param $Y i32) (param $bday i32) (param $bneed i32) (param $hist i32) (param $bindH i32) (param $stockH i32)
    (param $m i32) (param $dstart i32) (param $dcust i32) (param $dlead i32) (param $dirty i32) (param $dshift i32)
    (param $lastEval i32) (param $changed i32) (param $en i32) (param $mode i32) (param $stats i32)
    (result f64)
    (local $t i32) (local $c i32) (local $q i32) (local $q1 i32) (local $i i32) (local $i0 i32) (local $i1 i32)
    (local $l i32) (local $l1 i32) (local $b i32) (local $mask i32) (local $maskB i32) (local $highB i32) (local $tB i32)
    (local $slot i32) (local $pslot i32) (local $capOff i32) (local $k i32) (local $lt i32) (local $stockDay i32)
    (local $bindDay i32) (local $rowBytes i32) (local $dmask i32) (local $row i32) (local $capVaries i32)
    (local $marked i32) (local $evaluate i32) (local $e i32) (local $e1 i32) (local $d i32) (local $c2 i32)
    (local $p i32) (local $pq i32) (local $rc i32) (local $mBytes i32) (local $nBytes i32) (local $nChanged i32) (local $nEval i32)
    (local $a f64) (local $x f64) (local $s f64) (local $st f64) (local $av f64) (local $y f64) (local $total f64)
    (local $rest f64) (local $c0 f64) (local $xprev f64)
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $shift)) (i32.const 1)))
    (local.set $maskB (i32.shl (local.get $mask) (i32.const 3)))
    (local.set $highB (i32.xor (local.get $maskB) (i32.const -1)))
    (local.set $dmask (i32.sub (i32.shl (i32.const 1) (local.get $dshift)) (i32.const 1)))
    ;; one row of marks: ceil(n / 32) words
    (local.set $rowBytes (i32.shl (i32.shr_u (i32.add (local.get $n) (i32.const 31)) (i32.const 5)) (i32.const 2)))
    (local.set $mBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $nBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $t (local.get $t0))
    (block $daysDone
      (br_if $daysDone (i32.ge_s (local.get $t) (local.get $t1)))
      (loop $day
        (local.set $capOff
          (select (local.get $t) (i32.sub (local.get $capDays) (i32.const 1)) (i32.lt_s (local.get $t) (local.get $capDays))))
        (local.set $capVaries (i32.and (i32.gt_s (local.get $t) (i32.const 0)) (i32.lt_s (local.get $t) (local.get $capDays))))
        (local.set $slot (i32.and (local.get $t) (local.get $mask)))
        (local.set $pslot (i32.and (i32.sub (local.get $t) (i32.const 1)) (local.get $mask)))
        (local.set $tB (i32.shl (local.get $t) (i32.const 3)))
        ;; today's rows of the history (the same addresses as stockH + (t*m + q)*8, bindH + (t*n + c)*4)
        (local.set $stockDay (i32.add (local.get $stockH) (i32.shl (i32.mul (local.get $t) (local.get $m)) (i32.const 3))))
        (local.set $bindDay (i32.add (local.get $bindH) (i32.shl (i32.mul (local.get $t) (local.get $n)) (i32.const 2))))
        (local.set $row (i32.add (local.get $dirty) (i32.mul (i32.and (local.get $t) (local.get $dmask)) (local.get $rowBytes))))
        (local.set $nChanged (i32.const 0))
        (local.set $nEval (i32.const 0))
        (local.set $y (f64.const 0))
        (local.set $c (i32.const 0))
        (block $firmsDone
          (br_if $firmsDone (i32.le_s (local.get $n) (i32.const 0)))
          (loop $firm
            (local.set $p (i32.add (local.get $cap)
              (i32.shl (i32.add (i32.mul (local.get $c) (local.get $capDays)) (local.get $capOff)) (i32.const 3))))
            (local.set $a (f64.load (local.get $p)))
            (local.set $rc (i32.shl (local.get $c) (local.get $shift)))
            ;; x(t-1) of this firm (its ring slot of yesterday; today's is written below)
            (local.set $xprev (f64.load (i32.add (local.get $ring) (i32.shl (i32.or (local.get $rc) (local.get $pslot)) (i32.const 3)))))
            (local.set $i0 (i32.load (i32.add (local.get $es) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $i1 (i32.load offset=4 (i32.add (local.get $es) (i32.shl (local.get $c) (i32.const 2)))))
            ;; a supplier's new x reaches the firm today (every firm in modes 1 and 2)
            (local.set $marked
              (i32.or
                (i32.ne (local.get $mode) (i32.const 0))
                (i32.and (i32.const 1)
                  (i32.shr_u
                    (i32.load (i32.add (local.get $row) (i32.shl (i32.shr_u (local.get $c) (i32.const 5)) (i32.const 2))))
                    (local.get $c)))))
            (local.set $evaluate (local.get $marked))
            (if (local.get $capVaries)
              (then
                (local.set $evaluate (i32.or (local.get $evaluate)
                  (i64.ne (i64.load (local.get $p)) (i64.load (i32.sub (local.get $p) (i32.const 8))))))))
            ;; evaluated yesterday and nothing else changed: evaluate again if a stock moved overnight
            (if (i32.eqz (local.get $evaluate))
              (then
                (if (i32.eq (i32.load (i32.add (local.get $lastEval) (i32.shl (local.get $c) (i32.const 2))))
                            (i32.sub (local.get $t) (i32.const 1)))
                  (then
                    (local.set $i (local.get $i0))
                    (block $checkDone
                      (br_if $checkDone (i32.ge_s (local.get $i) (local.get $i1)))
                      (loop $check
                        (local.set $pq (i32.shl (i32.load (i32.add (local.get $en) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))
                        (local.set $st (f64.load (i32.add (local.get $stock) (local.get $pq))))
                        (local.set $rest (f64.sub
                          (f64.add (local.get $st) (f64.load (i32.add (local.get $inflow) (local.get $pq)))) (local.get $xprev)))
                        (local.set $c0 (f64.load (i32.add (local.get $stock0) (local.get $pq))))
                        (local.set $evaluate (i32.or (local.get $evaluate)
                          (i64.ne
                            (select (i64.reinterpret_f64 (local.get $rest)) (i64.reinterpret_f64 (local.get $c0))
                              (f64.lt (local.get $rest) (local.get $c0)))
                            (i64.reinterpret_f64 (local.get $st)))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $check (i32.lt_s (local.get $i) (local.get $i1)))))))))
            (local.set $nEval (i32.add (local.get $nEval) (local.get $evaluate)))
            (if (local.get $evaluate)
              (then
                (i32.store (i32.add (local.get $lastEval) (i32.shl (local.get $c) (i32.const 2))) (local.get $t))
                (local.set $x (local.get $a))
                (local.set $b (i32.const -1))
                ;; avail of every essential need, and the smallest.
                (local.set $i (local.get $i0))
                (block $needsDone
                  (br_if $needsDone (i32.ge_s (local.get $i) (local.get $i1)))
                  (loop $need
                    (local.set $q (i32.load (i32.add (local.get $en) (i32.shl (local.get $i) (i32.const 2)))))
                    (local.set $pq (i32.shl (local.get $q) (i32.const 3)))
                    ;; stock at the start of day t: the declared stock on day 0, then
                    ;; min(stock(0), avail - x) of the last evaluated day
                    (local.set $st (f64.load (i32.add (local.get $stock) (local.get $pq))))
                    (local.set $s (f64.load (i32.add (local.get $inflow) (local.get $pq))))
                    (if (local.get $t)
                      (then
                        (local.set $rest (f64.sub (f64.add (local.get $st) (local.get $s)) (local.get $xprev)))
                        (local.set $c0 (f64.load (i32.add (local.get $stock0) (local.get $pq))))
                        (local.set $st (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $rest))
                          (i64.reinterpret_f64 (local.get $c0)) (f64.lt (local.get $rest) (local.get $c0)))))
                        (f64.store (i32.add (local.get $stock) (local.get $pq)) (local.get $st))))
                    ;; the inflow, summed again only when a supplier's x changed
                    (if (local.get $marked)
                      (then
                        (local.set $s (f64.load (i32.add (local.get $out) (local.get $pq))))
                        (local.set $l (i32.load (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                        (local.set $l1 (i32.load offset=4 (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                        (block $linksDone
                          (br_if $linksDone (i32.ge_s (local.get $l) (local.get $l1)))
                          (loop $link
                            (local.set $k (i32.load (i32.add (local.get $code) (i32.shl (local.get $l) (i32.const 2)))))
                            (local.set $s
                              (f64.add (local.get $s)
                                (f64.mul
                                  (f64.load (i32.add (local.get $sh) (i32.shl (local.get $l) (i32.const 3))))
                                  (f64.load
                                    (i32.or (i32.and (local.get $k) (local.get $highB))
                                            (i32.and (i32.add (local.get $k) (local.get $tB)) (local.get $maskB)))))))
                            (local.set $l (i32.add (local.get $l) (i32.const 1)))
                            (br_if $link (i32.lt_s (local.get $l) (local.get $l1)))))
                        (f64.store (i32.add (local.get $inflow) (local.get $pq)) (local.get $s))))
                    (if (local.get $hist)
                      (then (f64.store (i32.add (local.get $stockDay) (local.get $pq)) (local.get $st))))
                    (local.set $av (f64.add (local.get $st) (local.get $s)))
                    (local.set $lt (f64.lt (local.get $av) (local.get $x)))
                    (local.set $b (select (local.get $q) (local.get $b) (local.get $lt)))
                    (local.set $x (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $av))
                      (i64.reinterpret_f64 (local.get $x)) (local.get $lt))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $need (i32.lt_s (local.get $i) (local.get $i1)))))
                ;; list the firm when its x changed (a store and an add, no branch on the new x)
                (i32.store (i32.add (local.get $changed) (i32.shl (local.get $nChanged) (i32.const 2))) (local.get $c))
                (local.set $nChanged (i32.add (local.get $nChanged)
                  (i64.ne (i64.reinterpret_f64 (local.get $x)) (i64.reinterpret_f64 (local.get $xprev)))))
                (if (local.get $hist)
                  (then
                    (i32.store
                      (i32.add (local.get $bindDay) (i32.shl (local.get $c) (i32.const 2)))
                      (local.get $b))))
                (if (i32.and (f64.lt (local.get $x) (f64.sub (f64.mul (local.get $theta) (local.get $a)) (f64.const 1e-9)))
                             (i32.lt_s (i32.load (i32.add (local.get $bday) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 0)))
                  (then
                    (i32.store (i32.add (local.get $bday) (i32.shl (local.get $c) (i32.const 2))) (local.get $t))
                    (i32.store (i32.add (local.get $bneed) (i32.shl (local.get $c) (i32.const 2))) (local.get $b)))))
              (else
                ;; inputs as yesterday: yesterday's x, binding need and stocks (a firm cannot
                ;; newly break on such a day: x and a are yesterday's too)
                (local.set $x (local.get $xprev))
                (if (local.get $hist)
                  (then
                    (local.set $p (i32.add (local.get $bindDay) (i32.shl (local.get $c) (i32.const 2))))
                    (i32.store (local.get $p) (i32.load (i32.sub (local.get $p) (local.get $nBytes))))
                    (local.set $q (i32.load (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
                    (local.set $q1 (i32.load offset=4 (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
                    (block $copyDone
                      (br_if $copyDone (i32.ge_s (local.get $q) (local.get $q1)))
                      (loop $copy
                        (local.set $p (i32.add (local.get $stockDay) (i32.shl (local.get $q) (i32.const 3))))
                        (i64.store (local.get $p) (i64.load (i32.sub (local.get $p) (local.get $mBytes))))
                        (local.set $q (i32.add (local.get $q) (i32.const 1)))
                        (br_if $copy (i32.lt_s (local.get $q) (local.get $q1)))))))))
            (f64.store (i32.add (local.get $ring) (i32.shl (i32.or (local.get $rc) (local.get $slot)) (i32.const 3)))
              (local.get $x))
            (local.set $y
              (f64.add (local.get $y) (f64.mul (f64.load (i32.add (local.get $weight) (i32.shl (local.get $c) (i32.const 3)))) (local.get $x))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br_if $firm (i32.lt_s (local.get $c) (local.get $n)))))
        ;; the listed firms mark their customers for the day each reads the new x
        (i32.store (local.get $stats) (local.get $nEval))
        (i32.store offset=4 (local.get $stats) (local.get $nChanged))
        (local.set $k (i32.const 0))
        (block $listDone
          (br_if $listDone (i32.or (i32.eq (local.get $mode) (i32.const 2)) (i32.ge_s (local.get $k) (local.get $nChanged))))
          (loop $list
            (local.set $c (i32.load (i32.add (local.get $changed) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $e (i32.load (i32.add (local.get $dstart) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $e1 (i32.load offset=4 (i32.add (local.get $dstart) (i32.shl (local.get $c) (i32.const 2)))))
            (block $downDone
              (br_if $downDone (i32.ge_s (local.get $e) (local.get $e1)))
              (loop $down
                (local.set $d (i32.add (local.get $t)
                  (i32.load16_u (i32.add (local.get $dlead) (i32.shl (local.get $e) (i32.const 1))))))
                (local.set $c2 (i32.load (i32.add (local.get $dcust) (i32.shl (local.get $e) (i32.const 2)))))
                (local.set $p (i32.add
                  (i32.add (local.get $dirty) (i32.mul (i32.and (local.get $d) (local.get $dmask)) (local.get $rowBytes)))
                  (i32.shl (i32.shr_u (local.get $c2) (i32.const 5)) (i32.const 2))))
                (i32.store (local.get $p)
                  (i32.or (i32.load (local.get $p)) (i32.shl (i32.const 1) (local.get $c2))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br_if $down (i32.lt_s (local.get $e) (local.get $e1)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br_if $list (i32.lt_s (local.get $k) (local.get $nChanged)))))
        ;; today's marks are used up: clear the row for the day D days on
        (local.set $p (i32.const 0))
        (block $clearDone
          (br_if $clearDone (i32.ge_s (local.get $p) (local.get $rowBytes)))
          (loop $clear
            (i32.store (i32.add (local.get $row) (local.get $p)) (i32.const 0))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br_if $clear (i32.lt_s (local.get $p) (local.get $rowBytes)))))
        (f64.store (i32.add (local.get $Y) (i32.shl (local.get $t) (i32.const 3))) (local.get $y))
        (local.set $total (f64.add (local.get $total) (local.get $y)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br_if $day (i32.lt_s (local.get $t) (local.get $t1)))))
    (local.get $total))

  ;; coneEval — one "firm j at capacity `value` on every day" question of the impact engine
  ;; (../impact.ts, evaluateDynamic) over j's dirty downstream cone: a firm joins on day
  ;; d = (first day a supplier's output differs) + lead, from the baseline stock it had that day,
  ;; and is simulated to the horizon. Same arithmetic in the same order as the TypeScript loop.
  ;; The baseline (ring $base, stock history $bstock day-major, break days $bbreak) is only read
  ;; (with $apply, stocks of the cone are written back into $bstock as the loop goes, and $rowStamp
  ;; marks the firms whose stock changed); the cone's own outputs go to $W, one row of S slots per
  ;; cone member in joining order ($rowOf[c] = its row, −1 outside the cone: the caller resets the
  ;; rows it used), so a thread needs no private copy of the whole ring. Writes the cone size to
  ;; [$res] and returns the change of Σ_t Y(t).
  (func (export "coneEval")
    (param $j i32) (param $value f64) (param $H i32) (param $cap i32) (param $capDays i32) (param $theta f64)
    (param $shift i32) (param $ns i32) (param $ess i32) (param $out i32) (param $stock0 i32) (param $ls i32)
    (param $sh i32) (param $code i32) (param $weight i32) (param $dstart i32) (param $dcust i32) (param $dlead i32)
    (param $base i32) (param $bstock i32) (param $m i32) (param $W i32) (param $rowOf i32) (param $stock i32)
    (param $avail i32) (param $act i32) (param $actStamp i32) (param $active i32) (param $firstDiff i32)
    (param $newBreak i32) (param $bbreak i32) (param $bucket i32) (param $entryFirm i32) (param $entryNext i32)
    (param $stamp i32) (param $apply i32) (param $rowStamp i32) (param $res i32)
    (result f64)
    (local $t i32) (local $e i32) (local $c i32) (local $c2 i32) (local $d i32) (local $i i32) (local $q i32)
    (local $q0 i32) (local $q1 i32) (local $l i32) (local $l1 i32) (local $k i32) (local $r i32) (local $p i32)
    (local $mask i32) (local $high i32) (local $S i32) (local $slot i32) (local $capOff i32) (local $nActive i32)
    (local $entries i32) (local $bb i32) (local $src i32) (local $dst i32) (local $e1 i32) (local $sOff i32)
    (local $a f64) (local $x f64) (local $s f64) (local $av f64) (local $rest f64) (local $c0 f64) (local $bx f64)
    (local $delta f64)
    (local.set $S (i32.shl (i32.const 1) (local.get $shift)))
    (local.set $mask (i32.sub (local.get $S) (i32.const 1)))
    (local.set $high (i32.xor (local.get $mask) (i32.const -1)))
    ;; bucketHead[0..H) = -1
    (local.set $t (i32.const 0))
    (block $clearDone
      (loop $clear
        (br_if $clearDone (i32.ge_s (local.get $t) (local.get $H)))
        (i32.store (i32.add (local.get $bucket) (i32.shl (local.get $t) (i32.const 2))) (i32.const -1))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $clear)))
    (i32.store (local.get $entryFirm) (local.get $j))
    (i32.store (local.get $entryNext) (i32.const -1))
    (i32.store (local.get $bucket) (i32.const 0))
    (local.set $entries (i32.const 1))
    (i32.store (i32.add (local.get $act) (i32.shl (local.get $j) (i32.const 2))) (i32.const 0))
    (i32.store (i32.add (local.get $actStamp) (i32.shl (local.get $j) (i32.const 2))) (local.get $stamp))
    (local.set $t (i32.const 0))
    (block $daysDone
      (loop $day
        (br_if $daysDone (i32.ge_s (local.get $t) (local.get $H)))
        ;; firms joining today
        (local.set $e (i32.load (i32.add (local.get $bucket) (i32.shl (local.get $t) (i32.const 2)))))
        (block $joinDone
          (loop $join
            (br_if $joinDone (i32.lt_s (local.get $e) (i32.const 0)))
            (local.set $c (i32.load (i32.add (local.get $entryFirm) (i32.shl (local.get $e) (i32.const 2)))))
            (if (i32.and
                  (i32.lt_s (i32.load (i32.add (local.get $rowOf) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 0))
                  (i32.eq (i32.load (i32.add (local.get $act) (i32.shl (local.get $c) (i32.const 2)))) (local.get $t)))
              (then
                (i32.store (i32.add (local.get $rowOf) (i32.shl (local.get $c) (i32.const 2))) (local.get $nActive))
                (i32.store (i32.add (local.get $active) (i32.shl (local.get $nActive) (i32.const 2))) (local.get $c))
                ;; the row starts as the baseline's (earlier days are read through it)
                (local.set $src (i32.add (local.get $base) (i32.shl (i32.shl (local.get $c) (local.get $shift)) (i32.const 3))))
                (local.set $dst (i32.add (local.get $W) (i32.shl (i32.shl (local.get $nActive) (local.get $shift)) (i32.const 3))))
                (local.set $p (i32.const 0))
                (loop $copy
                  (f64.store (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 3)))
                    (f64.load (i32.add (local.get $src) (i32.shl (local.get $p) (i32.const 3)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br_if $copy (i32.lt_s (local.get $p) (local.get $S))))
                (local.set $nActive (i32.add (local.get $nActive) (i32.const 1)))
                (local.set $q (i32.load (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
                (local.set $q1 (i32.load offset=4 (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
                (local.set $sOff (i32.mul (local.get $t) (local.get $m)))
                (block $stDone
                  (loop $st
                    (br_if $stDone (i32.ge_s (local.get $q) (local.get $q1)))
                    (f64.store (i32.add (local.get $stock) (i32.shl (local.get $q) (i32.const 3)))
                      (f64.load (i32.add (local.get $bstock) (i32.shl (i32.add (local.get $sOff) (local.get $q)) (i32.const 3)))))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $st)))
                (local.set $bb (i32.load (i32.add (local.get $bbreak) (i32.shl (local.get $c) (i32.const 2)))))
                (i32.store (i32.add (local.get $newBreak) (i32.shl (local.get $c) (i32.const 2)))
                  (select (local.get $bb) (i32.const -1)
                    (i32.and (i32.ge_s (local.get $bb) (i32.const 0)) (i32.lt_s (local.get $bb) (local.get $t)))))
                (i32.store (i32.add (local.get $firstDiff) (i32.shl (local.get $c) (i32.const 2))) (i32.const 0x7fffffff))))
            (local.set $e (i32.load (i32.add (local.get $entryNext) (i32.shl (local.get $e) (i32.const 2)))))
            (br $join)))
        (local.set $capOff
          (select (local.get $t) (i32.sub (local.get $capDays) (i32.const 1)) (i32.lt_s (local.get $t) (local.get $capDays))))
        (local.set $slot (i32.and (local.get $t) (local.get $mask)))
        (local.set $sOff (i32.mul (local.get $t) (local.get $m)))
        (local.set $i (i32.const 0))
        (block $firmsDone
          (loop $firm
            (br_if $firmsDone (i32.ge_s (local.get $i) (local.get $nActive)))
            (local.set $c (i32.load (i32.add (local.get $active) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $a
              (if (result f64) (i32.eq (local.get $c) (local.get $j))
                (then (local.get $value))
                (else (f64.load (i32.add (local.get $cap)
                  (i32.shl (i32.add (i32.mul (local.get $c) (local.get $capDays)) (local.get $capOff)) (i32.const 3)))))))
            (local.set $x (local.get $a))
            (local.set $q0 (i32.load (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $q1 (i32.load offset=4 (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
            (if (local.get $apply)
              (then
                (local.set $q (local.get $q0))
                (block $apDone
                  (loop $ap
                    (br_if $apDone (i32.ge_s (local.get $q) (local.get $q1)))
                    (if (i32.load8_u (i32.add (local.get $ess) (local.get $q)))
                      (then
                        (local.set $p (i32.add (local.get $bstock) (i32.shl (i32.add (local.get $sOff) (local.get $q)) (i32.const 3))))
                        (local.set $s (f64.load (i32.add (local.get $stock) (i32.shl (local.get $q) (i32.const 3)))))
                        (if (f64.ne (f64.load (local.get $p)) (local.get $s))
                          (then
                            (f64.store (local.get $p) (local.get $s))
                            (i32.store (i32.add (local.get $rowStamp) (i32.shl (local.get $c) (i32.const 2))) (local.get $stamp))))))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $ap)))))
            (local.set $q (local.get $q0))
            (block $needsDone
              (loop $need
                (br_if $needsDone (i32.ge_s (local.get $q) (local.get $q1)))
                (if (i32.load8_u (i32.add (local.get $ess) (local.get $q)))
                  (then
                    (local.set $s (f64.load (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 3)))))
                    (local.set $l (i32.load (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                    (local.set $l1 (i32.load offset=4 (i32.add (local.get $ls) (i32.shl (local.get $q) (i32.const 2)))))
                    (block $linksDone
                      (br_if $linksDone (i32.ge_s (local.get $l) (local.get $l1)))
                      (loop $link
                        (local.set $k (i32.load (i32.add (local.get $code) (i32.shl (local.get $l) (i32.const 2)))))
                        (local.set $r (i32.load (i32.add (local.get $rowOf)
                          (i32.shl (i32.shr_u (local.get $k) (local.get $shift)) (i32.const 2)))))
                        (local.set $p (i32.and (i32.add (local.get $k) (local.get $t)) (local.get $mask)))
                        (local.set $s
                          (f64.add (local.get $s)
                            (f64.mul
                              (f64.load (i32.add (local.get $sh) (i32.shl (local.get $l) (i32.const 3))))
                              (if (result f64) (i32.lt_s (local.get $r) (i32.const 0))
                                (then (f64.load (i32.add (local.get $base)
                                  (i32.shl (i32.or (i32.and (local.get $k) (local.get $high)) (local.get $p)) (i32.const 3)))))
                                (else (f64.load (i32.add (local.get $W)
                                  (i32.shl (i32.or (i32.shl (local.get $r) (local.get $shift)) (local.get $p)) (i32.const 3)))))))))
                        (local.set $l (i32.add (local.get $l) (i32.const 1)))
                        (br_if $link (i32.lt_s (local.get $l) (local.get $l1)))))
                    (local.set $av (f64.add
                      (f64.load (i32.add (local.get $stock) (i32.shl (local.get $q) (i32.const 3)))) (local.get $s)))
                    (f64.store (i32.add (local.get $avail) (i32.shl (local.get $q) (i32.const 3))) (local.get $av))
                    (local.set $x (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $av))
                      (i64.reinterpret_f64 (local.get $x)) (f64.lt (local.get $av) (local.get $x)))))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $need)))
            (local.set $q (local.get $q0))
            (block $stocksDone
              (loop $stockLoop
                (br_if $stocksDone (i32.ge_s (local.get $q) (local.get $q1)))
                (if (i32.load8_u (i32.add (local.get $ess) (local.get $q)))
                  (then
                    (local.set $rest
                      (f64.sub (f64.load (i32.add (local.get $avail) (i32.shl (local.get $q) (i32.const 3)))) (local.get $x)))
                    (local.set $c0 (f64.load (i32.add (local.get $stock0) (i32.shl (local.get $q) (i32.const 3)))))
                    (f64.store (i32.add (local.get $stock) (i32.shl (local.get $q) (i32.const 3)))
                      (f64.reinterpret_i64 (select (i64.reinterpret_f64 (local.get $rest)) (i64.reinterpret_f64 (local.get $c0))
                        (f64.lt (local.get $rest) (local.get $c0)))))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $stockLoop)))
            (f64.store (i32.add (local.get $W) (i32.shl (i32.or (i32.shl (local.get $i) (local.get $shift)) (local.get $slot)) (i32.const 3)))
              (local.get $x))
            (local.set $bx (f64.load (i32.add (local.get $base)
              (i32.shl (i32.or (i32.shl (local.get $c) (local.get $shift)) (local.get $slot)) (i32.const 3)))))
            (if (f64.ne (local.get $x) (local.get $bx))
              (then
                (local.set $delta (f64.add (local.get $delta)
                  (f64.mul (f64.load (i32.add (local.get $weight) (i32.shl (local.get $c) (i32.const 3))))
                           (f64.sub (local.get $x) (local.get $bx)))))
                (if (i32.eq (i32.load (i32.add (local.get $firstDiff) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 0x7fffffff))
                  (then
                    (i32.store (i32.add (local.get $firstDiff) (i32.shl (local.get $c) (i32.const 2))) (local.get $t))
                    (local.set $e (i32.load (i32.add (local.get $dstart) (i32.shl (local.get $c) (i32.const 2)))))
                    (local.set $e1 (i32.load offset=4 (i32.add (local.get $dstart) (i32.shl (local.get $c) (i32.const 2)))))
                    (block $downDone
                      (loop $down
                        (br_if $downDone (i32.ge_s (local.get $e) (local.get $e1)))
                        (local.set $d (i32.add (local.get $t)
                          (i32.load16_u (i32.add (local.get $dlead) (i32.shl (local.get $e) (i32.const 1))))))
                        (if (i32.lt_s (local.get $d) (local.get $H))
                          (then
                            (local.set $c2 (i32.load (i32.add (local.get $dcust) (i32.shl (local.get $e) (i32.const 2)))))
                            (if (i32.eqz (i32.and
                                  (i32.eq (i32.load (i32.add (local.get $actStamp) (i32.shl (local.get $c2) (i32.const 2)))) (local.get $stamp))
                                  (i32.le_s (i32.load (i32.add (local.get $act) (i32.shl (local.get $c2) (i32.const 2)))) (local.get $d))))
                              (then
                                (i32.store (i32.add (local.get $actStamp) (i32.shl (local.get $c2) (i32.const 2))) (local.get $stamp))
                                (i32.store (i32.add (local.get $act) (i32.shl (local.get $c2) (i32.const 2))) (local.get $d))
                                (i32.store (i32.add (local.get $entryFirm) (i32.shl (local.get $entries) (i32.const 2))) (local.get $c2))
                                (i32.store (i32.add (local.get $entryNext) (i32.shl (local.get $entries) (i32.const 2)))
                                  (i32.load (i32.add (local.get $bucket) (i32.shl (local.get $d) (i32.const 2)))))
                                (i32.store (i32.add (local.get $bucket) (i32.shl (local.get $d) (i32.const 2))) (local.get $entries))
                                (local.set $entries (i32.add (local.get $entries) (i32.const 1)))))))
                        (local.set $e (i32.add (local.get $e) (i32.const 1)))
                        (br $down)))))))
            (if (i32.and
                  (i32.lt_s (i32.load (i32.add (local.get $newBreak) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 0))
                  (f64.lt (local.get $x) (f64.sub (f64.mul (local.get $theta) (local.get $a)) (f64.const 1e-9))))
              (then (i32.store (i32.add (local.get $newBreak) (i32.shl (local.get $c) (i32.const 2))) (local.get $t))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $firm)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $day)))
    (i32.store (local.get $res) (local.get $nActive))
    (local.get $delta))
)
