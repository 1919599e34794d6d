# Helpers for the panel-sample tests (tests/cli/03*-panel-sample*.t),
# sourced after lib.sh.  Everything is invented: references C-NNNNNN,
# E-NNNNNN, recordings R-NNNNNN, areas from Dorset's policing areas.

M=2018-10-04
SEED=31415926535897932384626
SAMPLER="$PANEL_SRC/tests/bench/consistent_sampler.py"

# sample_panel DIR: a panel with an import mapping, a meeting on $M with
# the period 2018-07-01..2018-09-30, and members GF and MH, committed;
# an old DIR is removed first, as the cases of a test share a folder.
sample_panel() {
	rm -rf "$1" && new_panel "$1" &&
	cat >>"$1/panel.yaml" <<-'EOF2' &&
	import:
	  calls:
	    id: call_id
	    time: start_time
	    time_format: '%d/%m/%Y %H:%M:%S'
	    channel: channel
	    area: area
	    training: training_flag
	    training_value: 'Y'
	    recording: recording_ref
	  correspondence:
	    id: contact_id
	    time: received
	    time_format: '%F %H:%M'
	    channel: channel
	    area: area
	EOF2
	mkdir -p "$1/meetings/$M" &&
	printf "date: '%s'\nlocation: Test Hall\nstatus: scheduled\nperiod:\n  from: '2018-07-01'\n  to: '2018-09-30'\n" \
	    "$M" >"$1/meetings/$M/meeting.yaml" &&
	for m in GF MH; do
		printf "id: %s\nname: Pat Example\nrole: public\nterm_start: '2017-05-01'\nactive: true\n" \
		    "$m" >"$1/members/$m.yaml" || return 1
	done &&
	git -C "$1" add -A && git -C "$1" commit -q -m "test set-up"
}

# gen_calls N FILE: N calls in the quarter, 1 in 20 to 999, 1 in 50 a
# training call, 1 in 97 in August... spread by a fixed rule.
gen_calls() {
	awk -v n="$1" 'BEGIN {
		split("Bournemouth Poole Purbeck Christchurch", a, " ")
		print "call_id,start_time,channel,area,queue_wait_s,training_flag,recording_ref"
		for (i = 1; i <= n; i++) {
			m = 7 + i % 3; d = 1 + i % 28
			printf "C-%06d,%02d/%02d/2018 %02d:%02d:%02d,%s,%s,%d,%s,R-%06d\n",
			    i, d, m, i % 24, i % 60, (i * 7) % 60,
			    i % 20 == 0 ? "999" : "101", a[1 + i % 4], i % 600,
			    i % 50 == 0 ? "Y" : "N", i
		}
	}' >"$2"
}

# gen_corr N FILE: N messages, email, webform and app in turn.
gen_corr() {
	awk -v n="$1" 'BEGIN {
		split("email webform app", c, " ")
		print "contact_id,received,channel,area,subject"
		for (i = 1; i <= n; i++)
			printf "E-%06d,2018-%02d-%02d %02d:%02d,%s,Poole,\"Subject, %d\"\n",
			    i, 7 + i % 3, 1 + i % 28, i % 24, i % 60,
			    c[1 + i % 3], i
	}' >"$2"
}

# imported DIR: sample_panel DIR with 500 calls and 90 messages imported.
imported() {
	sample_panel "$1" && gen_calls 500 calls.csv && gen_corr 90 corr.csv &&
	panel-sample -C "$1" import --meeting $M --calls calls.csv \
	    --correspondence corr.csv >import.out
}

# drawn DIR: imported DIR, drawn with $SEED.
drawn() {
	imported "$1" &&
	panel-sample -C "$1" draw --meeting $M --seed $SEED >draw.out
}

# ids_of FILE KEY: the values of "KEY: " lines in FILE (items and reserves).
ids_of() {
	sed -n "s/^ *- *$2: //p; s/^    $2: //p" "$1"
}
