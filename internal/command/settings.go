package command

import (
	"fmt"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// EnvPrefix is the prefix of the environment variables that set flags:
// --data-dir is SUPPORTOPS_DATA_DIR.
const EnvPrefix = "SUPPORTOPS"

// SettingsFlag is the persistent flag naming a settings file.
const SettingsFlag = "settings"

// ListSeparator separates the items of a list given as one string (in the
// environment or a settings file).
const ListSeparator = ";"

// NewSettings returns the settings of one run: flags bound later by
// LoadSettings, then the environment (EnvPrefix, upper case, "-" as "_"),
// then the settings file, then the flags' defaults.
func NewSettings() *viper.Viper {
	v := viper.New()
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	return v
}

// AddSettingsFlag adds --settings, the settings file, to fs.
func AddSettingsFlag(fs *pflag.FlagSet) {
	fs.String(SettingsFlag, "", "settings file (YAML, TOML or JSON) with defaults for flags")
}

// LoadSettings binds the command's flags and reads the settings file, if
// one is named. An unreadable settings file is a usage error.
func LoadSettings(v *viper.Viper, cmd *cobra.Command) error {
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return fmt.Errorf("bind flags: %w", err)
	}
	if f := v.GetString(SettingsFlag); f != "" {
		v.SetConfigFile(f)
		if err := v.ReadInConfig(); err != nil {
			return Usagef("read settings %s: %w", f, err)
		}
	}
	return nil
}

// Decode fills opts from the settings, using the `mapstructure` tags of its
// fields (the flag names). Durations are read as time.ParseDuration does,
// lists split at ListSeparator, and other strings converted to the field's
// type; a value that does not convert is a usage error.
func Decode(v *viper.Viper, opts any) error {
	err := v.Unmarshal(opts, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.StringToSliceHookFunc(ListSeparator),
	)))
	if err != nil {
		return UsageError{err}
	}
	return nil
}
