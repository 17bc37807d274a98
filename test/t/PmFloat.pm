# Comparing float8 results of the TAP tests: one value or an array as psql
# prints it (a lower bound prefix allowed), NULL elements and lengths equal,
# each value within a relative bound of the expected one.
package PmFloat;
use strict;
use warnings;
use Exporter 'import';
our @EXPORT_OK = qw(floats_of float_close);

# The elements of s ('' for SQL NULL: no element).
sub floats_of
{
	my ($s) = @_;
	return () if $s eq '';
	$s =~ s/^(\[[^\]]*\]=)?\{//;
	$s =~ s/\}$//;
	return split /,/, $s;
}

# Whether got is want within rel times |want| per element.
sub float_close
{
	my ($got, $want, $rel) = @_;
	my @g = floats_of($got);
	my @w = floats_of($want);
	return 0 if @g != @w;
	for my $i (0 .. $#g)
	{
		return 0 if ($g[$i] eq 'NULL') != ($w[$i] eq 'NULL');
		next if $g[$i] eq 'NULL';
		return 0 if abs($g[$i] - $w[$i]) > $rel * abs($w[$i]);
	}
	return 1;
}

1;
