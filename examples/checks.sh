# Shared by the examples/check_*.sh scripts (sourced): one line per bar, PASS or FAIL, and the
# count of failures the script exits with.
failures=0

check() {  # check NAME VALUE OP BAR
  if /usr/bin/python3 -c "import sys; v=float('$2'); sys.exit(0 if v $3 $4 else 1)"; then
    echo "PASS  $1 = $2 ($3 $4)"
  else
    echo "FAIL  $1 = $2 (needs $3 $4)"; failures=$((failures + 1))
  fi
}
json() { /usr/bin/python3 -c "import json,sys; print(json.load(open('$1'))['$2'])"; }
