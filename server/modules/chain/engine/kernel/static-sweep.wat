;; The acyclic static sweep of ../static.ts, as WebAssembly.
;;
;;   for c in 0..n-1 (firms are numbered supplier-first, so index order is topological):
;;     v = a[c]; b = -1
;;     for each essential need q of c: s = r[q] + Σ over links l of q: share[l] · x[supplier[l]]
;;                                     if s < v: v = s; b = q
;;     x[c] = v; bind[c] = b
;;
;; Same arithmetic in the same order as the TypeScript loop (WebAssembly never fuses or
;; reorders floating-point operations), so both give bit-identical x. Every pointer is a byte
;; offset into the network's arena memory (see ../network.ts `packNetwork`); indices are i32.
;; Rebuild the embedded binary with `npm run build:kernels` after editing.
(module
  (memory (import "env" "memory") 1 65536 shared)
  (func (export "staticSweep")
    (param $n i32)        ;; firms
    (param $a i32)        ;; f64[n]   own capacity a_i(0)
    (param $ns i32)       ;; i32[n+1] needStart
    (param $ess i32)      ;; u8[m]    needEssential
    (param $out i32)      ;; f64[m]   needOutside (r)
    (param $ls i32)       ;; i32[m+1] linkStart
    (param $sup i32)      ;; i32[L]   linkSupplier
    (param $sh i32)       ;; f64[L]   linkShare
    (param $x i32)        ;; f64[n]   output x (written)
    (param $bd i32)       ;; i32[n]   binding need or -1 (written)
    (local $c i32) (local $q i32) (local $q1 i32) (local $l i32) (local $l1 i32) (local $b i32)
    (local $v f64) (local $s f64)
    (block $firmsDone
      (br_if $firmsDone (i32.le_s (local.get $n) (i32.const 0)))
      (loop $firm
        (local.set $v (f64.load (i32.add (local.get $a) (i32.shl (local.get $c) (i32.const 3)))))
        (local.set $b (i32.const -1))
        (local.set $q (i32.load (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $q1 (i32.load offset=4 (i32.add (local.get $ns) (i32.shl (local.get $c) (i32.const 2)))))
        (block $needsDone
          (br_if $needsDone (i32.ge_s (local.get $q) (local.get $q1)))
          (loop $need
            (if (i32.load8_u (i32.add (local.get $ess) (local.get $q)))
              (then
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
                (if (f64.lt (local.get $s) (local.get $v))
                  (then
                    (local.set $v (local.get $s))
                    (local.set $b (local.get $q))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br_if $need (i32.lt_s (local.get $q) (local.get $q1)))))
        (f64.store (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 3))) (local.get $v))
        (i32.store (i32.add (local.get $bd) (i32.shl (local.get $c) (i32.const 2))) (local.get $b))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $firm (i32.lt_s (local.get $c) (local.get $n)))))))
